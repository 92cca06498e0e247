package io.simvg.zoo.graph;

import io.simvg.zoo.SimVGConfig;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The decoder branch: patch features projected by a 1×1 convolution, a 2-D sine position code on the keys, a
 * post-norm DETR decoder whose query position is the text-guided query, and class/box heads on every layer's output.
 */
public final class DecoderBranch {

    /** Post-normed states, logits and boxes of every decoder layer (the last entry is the branch's prediction). */
    public record Output(List<SDVariable> states, List<SDVariable> logits, List<SDVariable> boxes) {
    }

    private final Layers nn;
    private final SimVGConfig c;

    public DecoderBranch(Layers nn, SimVGConfig config) {
        this.nn = nn;
        this.c = config;
    }

    /**
     * @param patchTokens encoder patch outputs {@code [B, Np, D]} (row-major grid order)
     * @param query       text-guided query {@code [B, Nq, C]}
     */
    public Output build(SDVariable patchTokens, SDVariable query) {
        int dim = c.headDim();
        long np = c.numPatches();
        long nq = c.numQueries();
        ParameterFactory p = nn.params();
        SDVariable projW = p.weight("head.input_proj.weight", Init.TORCH_DEFAULT, dim, c.embedDim(), 1, 1);
        SDVariable projB = p.bias("head.input_proj.bias", Init.TORCH_DEFAULT, dim, c.embedDim());
        SDVariable memory = nn.linear(patchTokens, np, projW.reshape(dim, c.embedDim()), projB, c.embedDim(), dim);
        SDVariable keyPos = nn.constant("head.image_position_code",
                SinePositionCodes.grid2d(c.gridSize(), dim).reshape(1, np, dim));

        DetrDecoder decoder = new DetrDecoder(nn, "head.transformer.decoder.", c.decLayers(), dim, c.headHeads(),
                c.decFfn(), c.headDropout(), c.layerNormEps(), Init.XAVIER);
        List<SDVariable> states = decoder.build(query, nq, memory, np, keyPos, null);
        PredictionHeads heads = new PredictionHeads(nn, "decoder", dim, c.numClasses());
        List<SDVariable> logits = new ArrayList<>();
        List<SDVariable> boxes = new ArrayList<>();
        for (SDVariable s : states) {
            logits.add(heads.logits(s, nq));
            boxes.add(heads.boxes(s, nq));
        }
        return new Output(states, logits, boxes);
    }
}
