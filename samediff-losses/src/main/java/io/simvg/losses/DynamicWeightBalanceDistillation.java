package io.simvg.losses;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dynamic weight-balance distillation (SIMVG.md §2.4), the Java part computed from detached decoder outputs of the
 * last layer: the decoder's Hungarian matching to the ground truth, the pseudo targets (the matched decoder boxes)
 * and the scalar {@code W_dt = mean(p_object(q) · IoU(box_q, gt_g))} over all matched pairs of the batch.
 *
 * <p>The official code takes the mean of an empty set, NaN, when a GREC batch has no target at all; here
 * {@code W_dt = 0} then.
 */
public final class DynamicWeightBalanceDistillation {

    /** γ1/γ2 of the ViT-B configs. */
    public static final double GAMMA_TOKEN_BASE = 2.0;
    public static final double GAMMA_DISTILL_BASE = 1.0;
    /** γ1/γ2 of the ViT-L configs. */
    public static final double GAMMA_TOKEN_LARGE = 1.0;
    public static final double GAMMA_DISTILL_LARGE = 0.4;

    /**
     * @param weight       W_dt
     * @param pseudoTargets per image, the matched decoder boxes (cxcywh) in query order
     * @param pairWeights  per image, {@code p_object · IoU} of each pair
     * @param matchings    the decoder-to-ground-truth matching of the last layer
     */
    public record Result(double weight, float[][][] pseudoTargets, float[][] pairWeights, List<Matching> matchings) {
    }

    private DynamicWeightBalanceDistillation() {
    }

    /**
     * @param decoderLogits last decoder layer {@code [B, Nq, 2]} (detached)
     * @param decoderBoxes  last decoder layer {@code [B, Nq, 4]} (detached)
     * @param targets       per image ground-truth cxcywh boxes
     */
    public static Result compute(INDArray decoderLogits, INDArray decoderBoxes, float[][][] targets) {
        List<Matching> matchings = HungarianMatcher.match(decoderLogits, decoderBoxes, targets, "decoder");
        return compute(decoderLogits, decoderBoxes, targets, matchings);
    }

    /** As {@link #compute(INDArray, INDArray, float[][][])} with a given matching. */
    public static Result compute(INDArray decoderLogits, INDArray decoderBoxes, float[][][] targets,
                                 List<Matching> matchings) {
        float[][] scores = HungarianMatcher.objectScores(decoderLogits, "decoder logits");
        float[][][] boxes = Tensors.rank3(decoderBoxes, "decoder boxes", 4);
        float[][][] pseudo = new float[targets.length][][];
        float[][] weights = new float[targets.length][];
        float sum = 0;
        int pairs = 0;
        for (int b = 0; b < targets.length; b++) {
            Matching m = matchings.get(b);
            pseudo[b] = new float[m.size()][];
            weights[b] = new float[m.size()];
            for (int k = 0; k < m.size(); k++) {
                int q = m.queries()[k];
                pseudo[b][k] = boxes[b][q].clone();
                float iou = BoxOps.iou(BoxOps.cxcywhToXyxy(boxes[b][q]), BoxOps.cxcywhToXyxy(targets[b][m.targets()[k]]));
                weights[b][k] = scores[b][q] * iou;
                sum += weights[b][k];
                pairs++;
            }
        }
        double weight = pairs == 0 ? 0.0 : sum / pairs;
        return new Result(weight, pseudo, weights, matchings);
    }
}
