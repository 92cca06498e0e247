package io.simvg.losses;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * detrex's {@code HungarianMatcher(cost_class=1, cost_bbox=5, cost_giou=2)} as SimVG uses it: per image, the cost
 * {@code 5·L1(cxcywh) − 1·p(object) − 2·GIoU(xyxy)} is built in float32 in the official order and solved optimally;
 * an image without targets gets an empty matching.
 */
public final class HungarianMatcher {

    public static final float COST_CLASS = 1f;
    public static final float COST_BBOX = 5f;
    public static final float COST_GIOU = 2f;

    private HungarianMatcher() {
    }

    /**
     * @param logits  {@code [B, Nq, 2]} (index 0 = object)
     * @param boxes   {@code [B, Nq, 4]} sigmoid cxcywh
     * @param targets per image {@code [n][4]} cxcywh boxes (label 0)
     */
    public static List<Matching> match(INDArray logits, INDArray boxes, float[][][] targets, String name) {
        float[][][] l = Tensors.rank3(logits, name + " logits", 2);
        float[][][] b = Tensors.rank3(boxes, name + " boxes", 4);
        if (l.length != b.length || l.length != targets.length || (l.length > 0 && l[0].length != b[0].length)) {
            throw new IllegalArgumentException(name + ": logits " + java.util.Arrays.toString(logits.shape())
                    + ", boxes " + java.util.Arrays.toString(boxes.shape()) + " and " + targets.length
                    + " target lists do not agree");
        }
        List<Matching> out = new ArrayList<>();
        for (int i = 0; i < l.length; i++) {
            out.add(match(l[i], b[i], targets[i], name + "[" + i + "]"));
        }
        return out;
    }

    /** The matching of one image. */
    public static Matching match(float[][] logits, float[][] boxes, float[][] targets, String name) {
        if (targets.length == 0) {
            return Matching.EMPTY;
        }
        float[][] cost = cost(logits, boxes, targets, name);
        double[][] wide = new double[cost.length][];
        for (int q = 0; q < cost.length; q++) {
            wide[q] = new double[cost[q].length];
            for (int g = 0; g < cost[q].length; g++) {
                wide[q][g] = cost[q][g];
            }
        }
        HungarianAlgorithm.Assignment a = HungarianAlgorithm.solve(wide);
        return new Matching(a.rows(), a.cols());
    }

    /** The official cost matrix {@code [Nq][n]} in float32. */
    public static float[][] cost(float[][] logits, float[][] boxes, float[][] targets, String name) {
        float[][] predXyxy = BoxOps.cxcywhToXyxy(boxes);
        float[][] giou = BoxOps.pairwiseGiou(predXyxy, BoxOps.cxcywhToXyxy(targets), name + " predicted boxes",
                name + " target boxes");
        float[][] c = new float[boxes.length][targets.length];
        for (int q = 0; q < boxes.length; q++) {
            float p = Tensors.softmax2(logits[q])[0];
            for (int g = 0; g < targets.length; g++) {
                float l1 = Math.abs(boxes[q][0] - targets[g][0]) + Math.abs(boxes[q][1] - targets[g][1])
                        + Math.abs(boxes[q][2] - targets[g][2]) + Math.abs(boxes[q][3] - targets[g][3]);
                c[q][g] = COST_BBOX * l1 + COST_CLASS * -p + COST_GIOU * -giou[q][g];
            }
        }
        return c;
    }

    /** Object probabilities {@code [B][Nq]} (softmax index 0) of detached logits. */
    public static float[][] objectScores(INDArray logits, String name) {
        float[][][] l = Tensors.rank3(logits.castTo(DataType.FLOAT), name, 2);
        float[][] s = new float[l.length][];
        for (int b = 0; b < l.length; b++) {
            s[b] = new float[l[b].length];
            for (int q = 0; q < l[b].length; q++) {
                s[b][q] = Tensors.softmax2(l[b][q])[0];
            }
        }
        return s;
    }
}
