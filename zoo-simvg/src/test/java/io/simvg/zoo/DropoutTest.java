package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.simvg.zoo.graph.Layers;
import io.simvg.zoo.graph.SimVGGraph;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout and drop-path act only in the training phase. */
class DropoutTest {

    @Test
    void inactiveInInferenceActiveInTraining() {
        SimVGConfig noisy = SimVGConfig.TINY.toBuilder().dropPathRate(0.3).headDropout(0.3).build();
        SameDiff withDropout = SimVGGraph.build(noisy, GraphVariant.FULL, DataType.FLOAT, 5);
        SameDiff without = SimVGGraph.build(SimVGConfig.TINY, GraphVariant.FULL, DataType.FLOAT, 5);
        Map<String, INDArray> ph = inputs();

        INDArray eval1 = withDropout.output(ph, "tok_boxes").get("tok_boxes");
        INDArray eval2 = withDropout.output(ph, "tok_boxes").get("tok_boxes");
        INDArray plain = without.output(ph, "tok_boxes").get("tok_boxes");
        assertEquals(plain, eval1, "output() is deterministic and equals the dropout-free model");
        assertEquals(eval1, eval2);

        Map<String, INDArray> train = new HashMap<>(ph);
        train.put(Layers.TRAINING_PHASE, Nd4j.scalar(true));
        Nd4j.getRandom().setSeed(12345);
        INDArray t1 = withDropout.output(train, "tok_boxes").get("tok_boxes");
        INDArray t2 = withDropout.output(train, "tok_boxes").get("tok_boxes");
        Nd4j.getRandom().setSeed(12345);
        INDArray t3 = withDropout.output(train, "tok_boxes").get("tok_boxes");
        assertNotEquals(eval1, t1, "training phase drops");
        assertNotEquals(t1, t2, "fresh masks every pass");
        assertEquals(t1, t3, "the global seed makes a training pass reproducible");
    }

    @Test
    void dropRateIsTheProbabilityOfDropping() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        org.nd4j.autodiff.samediff.SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1000);
        Layers nn = new Layers(sd, DataType.FLOAT, new io.simvg.zoo.graph.ParameterFactory(sd, DataType.FLOAT, 1), x);
        nn.dropout(x, 0.1, 1000).rename("y");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.ones(DataType.FLOAT, 20, 1000));
        ph.put(Layers.TRAINING_PHASE, Nd4j.scalar(true));
        INDArray y = sd.output(ph, "y").get("y");
        double zeros = y.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(0.1, zeros, 0.01, "fraction dropped");
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.02, "inverted scaling keeps the mean");
        ph.put(Layers.TRAINING_PHASE, Nd4j.scalar(false));
        assertEquals(Nd4j.ones(DataType.FLOAT, 20, 1000), sd.output(ph, "y").get("y"));
    }

    static Map<String, INDArray> inputs() {
        Nd4j.getRandom().setSeed(3);
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SimVGGraph.IMAGE, Nd4j.randn(DataType.FLOAT, 2, 3, 64, 64));
        ph.put(SimVGGraph.TOKEN_IDS, Nd4j.createFromArray(new long[][] {{0, 5, 6, 7, 8, 9, 10, 2}, {0, 5, 2, 1, 1, 1, 1, 1}}));
        ph.put(SimVGGraph.PADDING_MASK, Nd4j.createFromArray(new float[][] {{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1, 1, 1}}));
        return ph;
    }
}
