package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The class term under another "no-object" weight than SimVG's 0.1, against a weighted cross-entropy written out here
 * in plain Java: −log softmax of the target class per query, weight 1 for matched queries and {@code eos} otherwise,
 * divided by the sum of the weights.
 */
class NoObjectWeightTest {

    private static final float[][][] LOGITS = {
            {{2.0f, -1.0f}, {0.5f, 0.3f}, {-1.5f, 1.0f}, {0.0f, 0.0f}},
            {{-0.2f, 0.9f}, {1.2f, -0.4f}, {0.3f, 2.5f}, {-2.0f, 0.1f}}};
    private static final float[][][] TARGETS = {{{0.3f, 0.4f, 0.2f, 0.2f}}, {{0.6f, 0.5f, 0.3f, 0.4f},
            {0.2f, 0.2f, 0.1f, 0.1f}}};
    private static final List<Matching> MATCHINGS = List.of(new Matching(new int[] {1}, new int[] {0}),
            new Matching(new int[] {3, 0}, new int[] {0, 1}));

    @Test
    void classLossIsTheWeightedCrossEntropyForAnyWeight() {
        for (double eos : new double[] {SetCriterion.EOS_COEF, 0.25, 1.0, 2.0}) {
            assertEquals(expected(eos), classLoss(eos), 1e-5, "no-object weight " + eos);
        }
    }

    @Test
    void rejectsAWeightThatIsNotPositive() {
        SameDiff sd = SameDiff.create();
        SDVariable logits = sd.placeHolder("l", DataType.FLOAT, -1, 4, 2);
        SDVariable boxes = sd.placeHolder("b", DataType.FLOAT, -1, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SetCriterion(sd, "dec", logits, boxes, 4, 0.0));
        assertTrue(e.getMessage().contains("no-object class weight"), e.getMessage());
    }

    private static double classLoss(double eos) {
        SameDiff sd = SameDiff.create();
        SDVariable logits = sd.placeHolder("l", DataType.FLOAT, -1, 4, 2);
        SDVariable boxes = sd.placeHolder("b", DataType.FLOAT, -1, 4, 4);
        SetCriterion c = new SetCriterion(sd, "dec", logits, boxes, 4, eos);
        Map<String, INDArray> ph = new HashMap<>(c.placeholders(TARGETS, MATCHINGS, 4));
        ph.put("l", Nd4j.create(LOGITS));
        ph.put("b", Nd4j.rand(DataType.FLOAT, 2, 4, 4).muli(0.5).addi(0.25));
        return c.lossClass().eval(ph).getDouble();
    }

    private static double expected(double eos) {
        double sum = 0;
        double weights = 0;
        for (int b = 0; b < LOGITS.length; b++) {
            for (int q = 0; q < LOGITS[b].length; q++) {
                boolean matched = false;
                for (int m : MATCHINGS.get(b).queries()) {
                    matched |= m == q;
                }
                int target = matched ? 0 : 1;
                double l0 = LOGITS[b][q][0];
                double l1 = LOGITS[b][q][1];
                double logSumExp = Math.max(l0, l1) + Math.log(Math.exp(l0 - Math.max(l0, l1))
                        + Math.exp(l1 - Math.max(l0, l1)));
                double w = matched ? 1 : eos;
                sum += w * (logSumExp - (target == 0 ? l0 : l1));
                weights += w;
            }
        }
        return sum / weights;
    }
}
