package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import io.simvg.zoo.SimVGConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The 2-D sine-cosine start of the vision position table, and its use by the trainer. */
class SineCosinePositionsTest {

    private static final SimVGConfig DEMO = SimVGConfig.DEMO;

    @Test
    void patchRowsCarryGridRowAndColumn() {
        INDArray table = Nd4j.rand(DataType.FLOAT, DEMO.visionPositions(), DEMO.embedDim());
        INDArray before = table.dup();
        SineCosinePositions.fill(table, DEMO);
        int g = DEMO.gridSize();
        int d = DEMO.embedDim();
        for (int r = 0; r < 3; r++) {
            assertEquals(before.getRow(r), table.getRow(r), "pads and CLS keep their initialisation");
        }
        for (int i = 0; i < g * g; i++) {
            // each (sin, cos) pair has unit norm: a row's squared norm is D/2 whatever the position
            double norm = table.getRow(3 + i).norm2Number().doubleValue();
            assertEquals(d / 2.0, norm * norm, 1e-3);
        }
        // patches (1,2) and (1,5) share the grid-row half and differ in the column half; (0,0) is sin 0 / cos 0
        INDArray a = table.getRow(3 + g + 2);
        INDArray b = table.getRow(3 + g + 5);
        assertEquals(a.get(interval(0, d / 2)),
                b.get(interval(0, d / 2)));
        assertNotEquals(a.get(interval(d / 2, d)),
                b.get(interval(d / 2, d)));
        assertEquals(0.0, table.getDouble(3, 0), 0.0);
        assertEquals(1.0, table.getDouble(3, d / 4), 0.0);
        // lowest frequency (k = 0, ω = 1): sin(row) for patch (3, 0)
        assertEquals(Math.sin(3), table.getDouble(3 + 3 * g, 0), 1e-6);
        assertEquals(Math.cos(2), table.getDouble(3 + 2 * g + 2, 3 * d / 4), 1e-6);
    }

    @Test
    void rejectsATableOfAnotherShape() {
        INDArray wrong = Nd4j.zeros(DataType.FLOAT, DEMO.visionPositions() - 1, DEMO.embedDim());
        assertThrows(IllegalArgumentException.class, () -> SineCosinePositions.fill(wrong, DEMO));
    }

    @Test
    void trainerStartsFromTheCodeAndTheAverageFollows() {
        SimVGConfig c = SimVGConfig.TINY;
        SimVGTrainer t = SimVGTrainer.create(c, TrainingRecipe.builder().ema(true).build());
        t.useSineCosinePositions();
        INDArray expected = Nd4j.rand(DataType.FLOAT, c.visionPositions(), c.embedDim());
        SineCosinePositions.fill(expected, c);
        INDArray table = t.parameters().get(SineCosinePositions.TABLE);
        assertEquals(expected.get(interval(3, c.visionPositions())),
                table.get(interval(3, c.visionPositions())));
        assertEquals(table, t.ema().shadow().get(SineCosinePositions.TABLE), "the EMA starts from the new values");
        t.step(TrainBatches.random(c, 2, 1, 5));
        assertThrows(IllegalStateException.class, t::useSineCosinePositions, "only before the first step");
    }
}
