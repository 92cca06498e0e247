#!/usr/bin/env python3
"""Exports a pretrained BEiT-3 encoder (e.g. beit3_base_patch16_224) to ONNX, for SimVG for Deeplearning4j.

Run it where PyTorch and torchscale (the BEiT-3 code, `pip install torchscale`) are installed; it is not run in CI.

    python export_beit3_onnx.py --checkpoint beit3_base_patch16_224.pth --size base --out beit3_base.onnx
    python export_beit3_onnx.py --checkpoint beit3_large_patch16_224.pth --size large --out beit3_large.onnx \
        --external-data                     # weights in beit3_large.onnx.data next to the .onnx file

The encoder keeps its pretrained geometry (224 px, 16 px patches); the Java side converts the patch kernel and the
vision position table to SimVG's 640/32 while loading:

    simvg convert --from beit3_base.onnx --preset BASE_32 --task REC --out simvg-base.zip

What the Java loader relies on (checked by weights' OnnxBeit3ExportTest on exports cut from the peer fixtures):
- the module holding BEiT-3 is called `beit3`, so initializers keep the checkpoint's names (`beit3.encoder...`);
- inputs `img` [B,3,224,224] float, `ref_expr_inds` [B,T] int64, `text_attention_mask` [B,T] (1 = padding);
  output `encoder_out` [B, 1 + 196 + T, D];
- Linear weights become anonymous MatMul initializers and the position tables become folded constants holding the
  rows the forward pass reads; the loader traces both back through the graph.
"""

import argparse
import sys

CONFIGS = {
    # SIMVG.md §1.2.1: BEiT-3 base and large encoders as SimVG builds them (multiway, sub-LN, final LayerNorm).
    "base": dict(encoder_embed_dim=768, encoder_attention_heads=12, encoder_ffn_embed_dim=3072, encoder_layers=12),
    "large": dict(encoder_embed_dim=1024, encoder_attention_heads=16, encoder_ffn_embed_dim=4096, encoder_layers=24),
}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="BEiT-3 checkpoint (.pth/.zip written by torch.save)")
    p.add_argument("--size", choices=sorted(CONFIGS), default="base")
    p.add_argument("--img-size", type=int, default=224, help="the checkpoint's image size (default 224)")
    p.add_argument("--patch-size", type=int, default=16, help="the checkpoint's patch size (default 16)")
    p.add_argument("--max-token", type=int, default=20, help="text length of the traced input (default 20)")
    p.add_argument("--vocab-size", type=int, default=64010)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--external-data", action="store_true",
                   help="store the weights in OUT.data next to OUT (required above 2 GB, e.g. for large)")
    p.add_argument("--out", required=True)
    return p.parse_args(argv)


def state_dict_of(checkpoint):
    for key in ("model", "module", "state_dict"):
        if isinstance(checkpoint, dict) and key in checkpoint and isinstance(checkpoint[key], dict):
            return checkpoint[key]
    return checkpoint


def main(argv):
    args = parse_args(argv)
    import torch
    from torchscale.architecture.config import EncoderConfig
    from torchscale.model.BEiT3 import BEiT3

    config = EncoderConfig(img_size=args.img_size, patch_size=args.patch_size, vocab_size=args.vocab_size,
                           multiway=True, layernorm_embedding=False, normalize_output=True, no_output_layer=True,
                           drop_path_rate=0.0, checkpoint_activations=False, **CONFIGS[args.size])

    class Encoder(torch.nn.Module):
        """Holds BEiT-3 under the attribute `beit3`, so parameter names match the checkpoint's."""

        def __init__(self):
            super().__init__()
            self.beit3 = BEiT3(config)

        def forward(self, img, ref_expr_inds, text_attention_mask):
            out = self.beit3(textual_tokens=ref_expr_inds, visual_tokens=img,
                             text_padding_position=text_attention_mask.bool())
            return out["encoder_out"]

    model = Encoder().eval()
    state = state_dict_of(torch.load(args.checkpoint, map_location="cpu"))
    backbone = {k: v for k, v in state.items() if k.startswith("beit3.")}
    missing, unexpected = model.load_state_dict(backbone, strict=False)
    if missing:
        sys.exit(f"{args.checkpoint}: the checkpoint lacks {len(missing)} encoder tensors, e.g. {missing[:5]}")
    print(f"loaded {len(backbone)} encoder tensors; ignored {len(state) - len(backbone)} others "
          f"(pretraining heads), unexpected {len(unexpected)}")

    img = torch.zeros(1, 3, args.img_size, args.img_size)
    ids = torch.ones(1, args.max_token, dtype=torch.long)
    ids[0, 0], ids[0, 1] = 0, 2  # <s> </s> then padding
    mask = torch.ones(1, args.max_token)
    mask[0, :2] = 0
    torch.onnx.export(model, (img, ids, mask), args.out, opset_version=args.opset, do_constant_folding=True,
                      input_names=["img", "ref_expr_inds", "text_attention_mask"], output_names=["encoder_out"],
                      dynamic_axes={"img": {0: "batch"}, "ref_expr_inds": {0: "batch"},
                                    "text_attention_mask": {0: "batch"}, "encoder_out": {0: "batch"}})
    if args.external_data:
        import onnx
        m = onnx.load(args.out)
        onnx.save_model(m, args.out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=args.out.rsplit("/", 1)[-1] + ".data", size_threshold=0)
    print(f"wrote {args.out}" + (" (+ .data)" if args.external_data else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
