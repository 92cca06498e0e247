package io.simvg.zoo.graph;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Assembles SimVG (SIMVG.md §1): BEiT-3 encoder → text-guided query generation → token branch and/or decoder
 * branch, with named placeholders and outputs. Parameter names are the official state-dict names.
 */
public final class SimVGGraph {

    /** Placeholder: normalised image {@code [B, C, S, S]}, float. */
    public static final String IMAGE = "img";
    /** Placeholder: XLM-R token ids {@code [B, T]}, int64 ({@code <s>}=0, {@code <pad>}=1, {@code </s>}=2). */
    public static final String TOKEN_IDS = "ref_expr_inds";
    /** Placeholder: text padding mask {@code [B, T]}, float, 1 = padding. */
    public static final String PADDING_MASK = "text_attention_mask";

    /** Encoder output {@code [B, 1+Np+T, D]}: object token, patches, text. */
    public static final String ENCODER_OUT = "encoder_out";
    /** Text-guided query {@code [B, Nq, C]}. */
    public static final String QUERY_EMBED = "query_embed";
    /** Post-normed decoder states {@code [L, B, Nq, C]}. */
    public static final String DECODER_HS = "decoder_hs";
    /** Decoder-branch logits {@code [B, Nq, K+1]} and boxes {@code [B, Nq, 4]} of the last layer. */
    public static final String DEC_LOGITS = "dec_logits";
    public static final String DEC_BOXES = "dec_boxes";
    /** Token-branch logits {@code [B, Nq, K+1]} and boxes {@code [B, Nq, 4]}. */
    public static final String TOK_LOGITS = "tok_logits";
    public static final String TOK_BOXES = "tok_boxes";

    private SimVGGraph() {
    }

    /** Decoder-branch logits of layer {@code i} (auxiliary losses use layers 0 … L-2). */
    public static String decLogits(int layer) {
        return DEC_LOGITS + "_" + layer;
    }

    /** Decoder-branch boxes of layer {@code i}. */
    public static String decBoxes(int layer) {
        return DEC_BOXES + "_" + layer;
    }

    /**
     * Builds the graph with freshly initialised parameters.
     *
     * @param seed seed of the parameter initialisation
     */
    public static SameDiff build(SimVGConfig c, GraphVariant variant, DataType dataType, long seed) {
        SameDiff sd = SameDiff.create();
        long s = c.imgSize();
        SDVariable img = sd.placeHolder(IMAGE, dataType, -1, c.inChans(), s, s);
        SDVariable ids = sd.placeHolder(TOKEN_IDS, DataType.INT64, -1, c.maxToken());
        SDVariable mask = sd.placeHolder(PADDING_MASK, dataType, -1, c.maxToken());
        Layers nn = new Layers(sd, dataType, new ParameterFactory(sd, dataType, seed), img, variant.isTrainable());

        Beit3Encoder.Output enc = new Beit3Encoder(nn, c, variant.isTrainable()).build(img, ids, mask);
        sd.concat(ENCODER_OUT, 1, enc.vision(), enc.text());

        SDVariable query = sd.identity(QUERY_EMBED, new TextGuidedQueryGeneration(nn, c).build(enc.text(), mask));

        if (variant.hasTokenBranch()) {
            SDVariable objectToken = enc.vision().get(SDIndex.all(), SDIndex.interval(0L, 1L), SDIndex.all());
            TokenBranch.Output tok = new TokenBranch(nn, c).build(objectToken, query);
            sd.identity(TOK_LOGITS, tok.logits());
            sd.identity(TOK_BOXES, tok.boxes());
        }
        if (variant.hasDecoderBranch()) {
            SDVariable patches = Layers.tokens(enc.vision(), 1, c.visionTokens());
            DecoderBranch.Output dec = new DecoderBranch(nn, c).build(patches, query);
            int last = dec.states().size() - 1;
            for (int i = 0; i <= last; i++) {
                sd.identity(decLogits(i), dec.logits().get(i));
                sd.identity(decBoxes(i), dec.boxes().get(i));
            }
            sd.stack(DECODER_HS, 0, dec.states().toArray(new SDVariable[0]));
            sd.identity(DEC_LOGITS, dec.logits().get(last));
            sd.identity(DEC_BOXES, dec.boxes().get(last));
        }
        return sd;
    }
}
