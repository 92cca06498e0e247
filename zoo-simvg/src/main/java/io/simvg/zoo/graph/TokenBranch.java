package io.simvg.zoo.graph;

import io.simvg.zoo.SimVGConfig;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The token branch, SimVG's fast path: the projected object token (the encoder's vision CLS output) plus the
 * text-guided query, one Linear without activation ({@code num_token_mlp_layers = 1}; more layers get ReLUs in
 * between), then the token class and box heads.
 */
public final class TokenBranch {

    /** Logits {@code [B, Nq, K+1]} and boxes {@code [B, Nq, 4]}. */
    public record Output(SDVariable logits, SDVariable boxes) {
    }

    private final Layers nn;
    private final SimVGConfig c;

    public TokenBranch(Layers nn, SimVGConfig config) {
        this.nn = nn;
        this.c = config;
    }

    /**
     * @param objectToken encoder output at index 0, {@code [B, 1, D]}
     * @param query       text-guided query {@code [B, Nq, C]}
     */
    public Output build(SDVariable objectToken, SDVariable query) {
        int dim = c.headDim();
        long nq = c.numQueries();
        SDVariable projected = nn.linear(objectToken, 1, "head.input_cls_proj", c.embedDim(), dim, Init.TORCH_DEFAULT);
        SDVariable h = query.add(projected); // the projected object token is shared by every query
        for (int i = 0; i < c.numTokenMlpLayers(); i++) {
            h = nn.linear(h, nq, "head.mlp.layers." + i, dim, dim, Init.TORCH_DEFAULT);
            if (i < c.numTokenMlpLayers() - 1) {
                h = nn.relu(h);
            }
        }
        PredictionHeads heads = new PredictionHeads(nn, "token", dim, c.numClasses());
        return new Output(heads.logits(h, nq), heads.boxes(h, nq));
    }
}
