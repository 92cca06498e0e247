package io.simvg.zoo.graph;

import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.TextPooling;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Text-guided query generation (TQG): learned queries attend to the projected text through a small DETR decoder;
 * the result plus a max-pooled text vector plus the learned query embedding is the text-guided query shared by both
 * branches (SIMVG.md §1.4.2).
 */
public final class TextGuidedQueryGeneration {

    private static final String PREFIX = "head.text_guided_query_generation_transformer.";

    private final Layers nn;
    private final SimVGConfig c;

    public TextGuidedQueryGeneration(Layers nn, SimVGConfig config) {
        this.nn = nn;
        this.c = config;
    }

    /**
     * @param textFeatures encoder text tokens {@code [B, T, D]}
     * @param paddingMask  {@code [B, T]} float, 1 = padding
     * @return the text-guided query {@code [B, Nq, C]}
     */
    public SDVariable build(SDVariable textFeatures, SDVariable paddingMask) {
        int dim = c.headDim();
        long t = c.maxToken();
        long nq = c.numQueries();
        SDVariable text = nn.linear(textFeatures, t, "head.input_text_proj", c.embedDim(), dim, Init.TORCH_DEFAULT);
        SDVariable queryWeight = nn.params().weight("head.query_embed.weight", Init.NORMAL, nq, dim);
        SDVariable queryEmbed = queryWeight.reshape(1, nq, dim);
        SDVariable textPos = nn.constant("head.text_position_code",
                SinePositionCodes.text1d(c.maxToken(), dim, c.textPositionCode()).reshape(1, t, dim));

        DetrDecoder decoder = new DetrDecoder(nn, PREFIX, c.tqgLayers(), dim, c.headHeads(), c.tqgFfn(),
                c.headDropout(), c.layerNormEps(), Init.TORCH_DEFAULT);
        SDVariable queryPos = nn.zeros(nq, dim).add(queryEmbed);
        SDVariable generated = last(decoder.build(queryPos, nq, text, t, textPos, nn.keyPaddingBias(paddingMask, t)));
        return generated.add(pool(text, paddingMask)).add(queryEmbed);
    }

    /** The text vector added to every query, {@code [B, 1, C]}. */
    private SDVariable pool(SDVariable text, SDVariable paddingMask) {
        SameDiff sd = nn.sd();
        long t = c.maxToken();
        SDVariable mask = paddingMask.reshape(-1, t, 1);
        if (c.textPooling() == TextPooling.INTENDED) {
            SDVariable masked = text.mul(mask.rsub(1.0)).add(mask.mul(-1e9));
            return sd.max(masked, true, 1);
        }
        // Official: rows T-1 (every valid token indexes -1) and T-2 (every padding token indexes -2).
        // Padded rows are bit-identical, so max(row T-2, row T-1) ties whenever both are padding; M2.1's element-wise
        // max sends the gradient to both inputs at a tie (counting it twice). Selecting with a constant 0/1 mask is
        // exact in the forward pass and, like PyTorch's indexed max, routes the gradient to a single row.
        SDVariable lastRow = Layers.tokens(text, t - 1, t);
        SDVariable secondLast = Layers.tokens(text, t - 2, t - 1);
        SDVariable hasPadding = sd.max(mask, true, 1);
        SDVariable takeSecondLast = sd.matchCondition(secondLast.sub(lastRow), Conditions.greaterThan(0))
                .castTo(nn.dataType()).mul(hasPadding);
        return secondLast.mul(takeSecondLast).add(lastRow.mul(takeSecondLast.rsub(1.0)));
    }

    private static SDVariable last(java.util.List<SDVariable> states) {
        return states.get(states.size() - 1);
    }
}
