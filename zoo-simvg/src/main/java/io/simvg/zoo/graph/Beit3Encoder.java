package io.simvg.zoo.graph;

import io.simvg.zoo.SimVGConfig;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The BEiT-3 multiway encoder that fuses image and text (SIMVG.md §1.2).
 *
 * <p>Sequence: {@code [object token (vision CLS) | Np patches | T text tokens]}. Every LayerNorm, projection and FFN
 * has a vision expert {@code A} (CLS + patches) and a language expert {@code B} (text); the softmax attention is
 * joint over all tokens, with padded text keys masked. The two parts are kept as separate tensors; only keys and
 * values are concatenated, which is the same computation as PyTorch's split-and-concat without slicing.
 */
public final class Beit3Encoder {

    /** State-dict prefix of the encoder inside SimVG. */
    public static final String PREFIX = "vis_enc.beit3.";

    /** Encoder output after the final multiway LayerNorm. */
    public record Output(SDVariable vision, SDVariable text) {
    }

    private final Layers nn;
    private final SimVGConfig c;
    private final SameDiff sd;
    private final int heads;
    private final int headDim;
    private final long lv;
    private final long lt;
    private final boolean trainable;

    /** @param trainable false for inference-only graphs (see {@link #lookup}) */
    public Beit3Encoder(Layers nn, SimVGConfig config, boolean trainable) {
        this.nn = nn;
        this.trainable = trainable;
        this.c = config;
        this.sd = nn.sd();
        this.heads = config.numHeads();
        this.headDim = config.embedDim() / config.numHeads();
        this.lv = config.visionTokens();
        this.lt = config.maxToken();
    }

    /**
     * @param img         {@code [B, C, S, S]} normalised image
     * @param tokenIds    {@code [B, T]} XLM-R token ids (int64)
     * @param paddingMask {@code [B, T]} float, 1 = padding
     */
    public Output build(SDVariable img, SDVariable tokenIds, SDVariable paddingMask) {
        ParameterFactory p = nn.params();
        int d = c.embedDim();
        SDVariable textTable = p.weight(PREFIX + "text_embed.weight", Init.TRUNC_NORMAL, c.vocabSize(), d);
        p.truncNormal(PREFIX + "vision_embed.mask_token", 0.02, 1, 1, d); // unused, kept so checkpoints load fully
        SDVariable cls = p.truncNormal(PREFIX + "vision_embed.cls_token", 0.02, 1, 1, d);
        SDVariable patchW = p.weight(PREFIX + "vision_embed.proj.weight", Init.TRUNC_NORMAL,
                d, c.inChans(), c.patchSize(), c.patchSize());
        SDVariable patchB = p.bias(PREFIX + "vision_embed.proj.bias", Init.TRUNC_NORMAL, d, 0);
        SDVariable posA = p.truncNormal(PREFIX + "encoder.embed_positions.A.weight", 0.02, c.visionPositions(), d);
        SDVariable posB = p.truncNormal(PREFIX + "encoder.embed_positions.B.weight", 0.02, c.maxSourcePositions(), d);

        // Vision: Conv2d(k=P, s=P) as patchify + matmul; patch (r, c) becomes token r*g + c.
        SDVariable patches = patchify(img);
        long patchInputs = (long) c.inChans() * c.patchSize() * c.patchSize();
        SDVariable patchTokens = nn.linear(patches, c.numPatches(),
                patchW.reshape(d, patchInputs), patchB, patchInputs, d);
        SDVariable vision = sd.concat(1, nn.zeros(1, d).add(cls), patchTokens);
        vision = vision.add(positions(posA, lv));

        SDVariable text = lookup(textTable, tokenIds);
        text = text.add(positions(posB, lt));
        SDVariable valid = paddingMask.rsub(1.0).reshape(-1, lt, 1);
        text = text.mul(valid); // padded positions become exact zero vectors

        SDVariable keyBias = nn.keyPaddingBias(sd.concat(1, nn.zeros(lv), paddingMask), lv + lt);
        for (int i = 0; i < c.depth(); i++) {
            double dropPath = c.depth() == 1 ? 0.0 : c.dropPathRate() * i / (c.depth() - 1);
            SDVariable[] out = layer(PREFIX + "encoder.layers." + i + ".", vision, text, keyBias, dropPath);
            vision = out[0];
            text = out[1];
        }
        vision = multiwayNorm(vision, PREFIX + "encoder.layer_norm.A");
        text = multiwayNorm(text, PREFIX + "encoder.layer_norm.B");
        return new Output(vision, text);
    }

    /**
     * Text embedding lookup. Trainable graphs use a one-hot matmul (M2.1's {@code gather} has a broken gradient);
     * the inference-only graph uses {@code gather}, whose forward pass is fine and skips a [T × vocab] product.
     * Both give bit-identical embeddings.
     */
    private SDVariable lookup(SDVariable table, SDVariable tokenIds) {
        if (!trainable) {
            return sd.gather(table, tokenIds.reshape(-1), 0).reshape(-1, lt, c.embedDim());
        }
        SDVariable oneHot = sd.oneHot(tokenIds, c.vocabSize(), -1, 1.0, 0.0, nn.dataType());
        return sd.mmul(oneHot.reshape(-1, c.vocabSize()), table).reshape(-1, lt, c.embedDim());
    }

    /** {@code [B,C,S,S] → [B, Np, C·P·P]} with the (c, kh, kw) order of a PyTorch conv kernel. */
    private SDVariable patchify(SDVariable img) {
        long g = c.gridSize();
        long ps = c.patchSize();
        long ch = c.inChans();
        return img.reshape(-1, ch, g, ps, g, ps).permute(0, 2, 4, 1, 3, 5).reshape(-1, g * g, ch * ps * ps);
    }

    /** Rows {@code 2 .. 2+length} of a position table ("Fairseq starts from 2"). */
    private static SDVariable positions(SDVariable table, long length) {
        return table.get(SDIndex.interval(2L, 2L + length), SDIndex.all());
    }

    private SDVariable multiwayNorm(SDVariable x, String prefix) {
        return nn.layerNorm(x, prefix, c.embedDim(), c.layerNormEps());
    }

    /** One pre-LN encoder layer with Magneto sub-LayerNorms (SIMVG.md §1.2.3). */
    private SDVariable[] layer(String pre, SDVariable xv, SDVariable xt, SDVariable keyBias, double dropPath) {
        SDVariable hv = multiwayNorm(xv, pre + "self_attn_layer_norm.A");
        SDVariable ht = multiwayNorm(xt, pre + "self_attn_layer_norm.B");

        double scaling = Math.pow(headDim, -0.5);
        String att = pre + "self_attn.";
        SDVariable qv = nn.splitHeads(project(hv, lv, att + "q_proj.A").mul(scaling), lv, heads, headDim);
        SDVariable qt = nn.splitHeads(project(ht, lt, att + "q_proj.B").mul(scaling), lt, heads, headDim);
        long l = lv + lt;
        SDVariable k = nn.splitHeads(sd.concat(1, project(hv, lv, att + "k_proj.A"), project(ht, lt, att + "k_proj.B")),
                l, heads, headDim);
        SDVariable v = nn.splitHeads(sd.concat(1, project(hv, lv, att + "v_proj.A"), project(ht, lt, att + "v_proj.B")),
                l, heads, headDim);
        SDVariable av = nn.mergeHeads(nn.attention(qv, k, v, keyBias, 0.0, heads, lv, l), lv, heads, headDim);
        SDVariable at = nn.mergeHeads(nn.attention(qt, k, v, keyBias, 0.0, heads, lt, l), lt, heads, headDim);
        av = project(multiwayNorm(av, att + "inner_attn_ln.A"), lv, att + "out_proj.A");
        at = project(multiwayNorm(at, att + "inner_attn_ln.B"), lt, att + "out_proj.B");

        SDVariable attnPath = nn.dropPathMask(dropPath); // one draw per sample for both experts
        xv = xv.add(scale(av, attnPath));
        xt = xt.add(scale(at, attnPath));

        SDVariable fv = ffn(multiwayNorm(xv, pre + "final_layer_norm.A"), lv, pre + "ffn.A.");
        SDVariable ft = ffn(multiwayNorm(xt, pre + "final_layer_norm.B"), lt, pre + "ffn.B.");
        SDVariable ffnPath = nn.dropPathMask(dropPath);
        return new SDVariable[] {xv.add(scale(fv, ffnPath)), xt.add(scale(ft, ffnPath))};
    }

    private SDVariable project(SDVariable x, long length, String prefix) {
        return nn.linear(x, length, prefix, c.embedDim(), c.embedDim(), Init.TRUNC_NORMAL);
    }

    /** {@code fc2(LN(gelu(fc1(x))))}. */
    private SDVariable ffn(SDVariable x, long length, String pre) {
        int d = c.embedDim();
        int f = c.ffnDim();
        SDVariable h = nn.gelu(nn.linear(x, length, pre + "fc1", d, f, Init.TRUNC_NORMAL));
        h = nn.layerNorm(h, pre + "ffn_layernorm", f, c.layerNormEps());
        return nn.linear(h, length, pre + "fc2", f, d, Init.TRUNC_NORMAL);
    }

    private static SDVariable scale(SDVariable x, SDVariable perSample) {
        return perSample == null ? x : x.mul(perSample);
    }
}
