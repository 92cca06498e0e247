package io.simvg.zoo.graph;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The class head ({@code Linear(C, K+1)}, softmax logits, last index = no-object) and the box head (3-layer MLP with
 * ReLU, sigmoid → normalised cx, cy, w, h) of one branch. Both branches have their own.
 */
public final class PredictionHeads {

    private final SDVariable classW;
    private final SDVariable classB;
    private final SDVariable[] boxW = new SDVariable[3];
    private final SDVariable[] boxB = new SDVariable[3];
    private final Layers nn;
    private final int dim;
    private final int numClasses;

    /** @param suffix {@code token} or {@code decoder} (parameters {@code head.class_embed_<suffix>} …) */
    public PredictionHeads(Layers nn, String suffix, int dim, int numClasses) {
        this.nn = nn;
        this.dim = dim;
        this.numClasses = numClasses;
        ParameterFactory p = nn.params();
        String cls = "head.class_embed_" + suffix;
        classW = p.weight(cls + ".weight", Init.TORCH_DEFAULT, numClasses + 1, dim);
        classB = p.bias(cls + ".bias", Init.TORCH_DEFAULT, numClasses + 1, dim);
        for (int i = 0; i < 3; i++) {
            String box = "head.bbox_embed_" + suffix + ".layers." + i;
            int out = i == 2 ? 4 : dim;
            boxW[i] = p.weight(box + ".weight", Init.TORCH_DEFAULT, out, dim);
            boxB[i] = p.bias(box + ".bias", Init.TORCH_DEFAULT, out, dim);
        }
    }

    /** Class logits {@code [B, Nq, K+1]} of features {@code [B, Nq, C]}. */
    public SDVariable logits(SDVariable features, long nq) {
        return nn.linear(features, nq, classW, classB, dim, numClasses + 1);
    }

    /** Boxes {@code [B, Nq, 4]} (sigmoid cx, cy, w, h) of features {@code [B, Nq, C]}. */
    public SDVariable boxes(SDVariable features, long nq) {
        SDVariable h = features;
        for (int i = 0; i < 3; i++) {
            h = nn.linear(h, nq, boxW[i], boxB[i], dim, i == 2 ? 4 : dim);
            if (i < 2) {
                h = nn.relu(h);
            }
        }
        return nn.sd().nn.sigmoid(h);
    }
}
