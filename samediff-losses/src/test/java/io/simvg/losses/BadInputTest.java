package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad predictions or targets are exceptions naming the tensor, never a silent wrong match. */
class BadInputTest {

    static final float[][][] ONE = {{{0.5f, 0.5f, 0.2f, 0.2f}}};

    @Test
    void nonFinitePredictionsAreNamed() {
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 1, 2, 2);
        logits.putScalar(new long[] {0, 1, 0}, Float.NaN);
        INDArray boxes = Nd4j.valueArrayOf(new long[] {1, 2, 4}, 0.3f, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HungarianMatcher.match(logits, boxes, ONE, "dec_2"));
        assertTrue(e.getMessage().contains("dec_2 logits[0][1][0]") && e.getMessage().contains("NaN"), e.getMessage());

        boxes.putScalar(new long[] {0, 0, 2}, Float.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class,
                () -> HungarianMatcher.match(Nd4j.zeros(DataType.FLOAT, 1, 2, 2), boxes, ONE, "tok_gt"));
        assertTrue(e.getMessage().contains("tok_gt boxes[0][0][2]"), e.getMessage());
    }

    @Test
    void shapeMismatchesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(
                Nd4j.zeros(DataType.FLOAT, 1, 2, 3), Nd4j.zeros(DataType.FLOAT, 1, 2, 4), ONE, "dec_0"));
        assertTrue(e.getMessage().contains("dec_0 logits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(
                Nd4j.zeros(DataType.FLOAT, 2, 2, 2), Nd4j.zeros(DataType.FLOAT, 2, 2, 4), ONE, "dec_0"));
        assertTrue(e.getMessage().contains("target lists"), e.getMessage());
    }

    @Test
    void degenerateOrNonFiniteTargetsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimVGCriterion.checkTargets(new float[][][] {{}, {{0.5f, 0.5f, -0.1f, 0.2f}}}));
        assertTrue(e.getMessage().contains("[1][0]") && e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SimVGCriterion.checkTargets(new float[][][] {{{0.5f, Float.NaN, 0.1f, 0.2f}}}));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    @Test
    void aBatchWithoutTargetsGivesZeroWeightNotNaN() {
        INDArray logits = Nd4j.randn(DataType.FLOAT, 2, 3, 2);
        INDArray boxes = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        DynamicWeightBalanceDistillation.Result r = DynamicWeightBalanceDistillation.compute(logits, boxes,
                new float[][][] {{}, {}});
        assertEquals(0.0, r.weight(), 0.0);
        assertEquals(List.of(Matching.EMPTY, Matching.EMPTY), r.matchings());
    }
}
