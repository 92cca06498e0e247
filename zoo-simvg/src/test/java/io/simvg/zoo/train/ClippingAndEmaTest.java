package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Global gradient-norm clipping and the EMA against hand-computed values. */
class ClippingAndEmaTest {

    @Test
    void clipsTheGlobalNormLikeClipGradNorm() {
        INDArray a = Nd4j.createFromArray(3.0, 0.0);
        INDArray b = Nd4j.createFromArray(new double[][] {{0.0, 4.0}});
        double total = GradientClipping.clip(List.of(a, b), 0.15);
        assertEquals(5.0, total, 1e-15, "sqrt(3² + 4²)");
        double coef = 0.15 / (5.0 + 1e-6);
        assertEquals(3.0 * coef, a.getDouble(0), 1e-15);
        assertEquals(4.0 * coef, b.getDouble(0, 1), 1e-15);
        assertEquals(0.15, Math.hypot(a.getDouble(0), b.getDouble(0, 1)), 1e-7, "new norm ≈ max_norm");
    }

    @Test
    void leavesSmallGradientsAndSkipsMissingOnes() {
        INDArray a = Nd4j.createFromArray(0.03f, -0.04f);
        java.util.ArrayList<INDArray> grads = new java.util.ArrayList<>();
        grads.add(a);
        grads.add(null);
        assertEquals(0.05, GradientClipping.clip(grads, 0.15), 1e-8);
        assertEquals(Nd4j.createFromArray(0.03f, -0.04f), a, "norm below the limit: unchanged");
        INDArray big = Nd4j.createFromArray(30f, 40f);
        assertEquals(50.0, GradientClipping.clip(List.of(big), 0), 1e-6, "limit 0 only measures");
        assertEquals(Nd4j.createFromArray(30f, 40f), big);
    }

    @Test
    void normOverManyChunksEqualsTheDirectSum() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 3 * ElementwiseKernel.CHUNK + 17);
        double direct = Math.sqrt(big.castTo(DataType.DOUBLE).mul(big.castTo(DataType.DOUBLE)).sumNumber()
                .doubleValue());
        assertEquals(direct, GradientClipping.globalNorm(List.of(big, Nd4j.zeros(DataType.FLOAT, 3))),
                direct * 1e-12);
    }

    @Test
    void emaDecayWarmsUpToItsBound() {
        assertEquals(0.1, ExponentialMovingAverage.decay(0.999, 0), 1e-15);
        assertEquals(2.0 / 11, ExponentialMovingAverage.decay(0.999, 1), 1e-15);
        assertEquals(0.99, ExponentialMovingAverage.decay(0.999, 890), 1e-15, "891/900");
        assertEquals(0.999, ExponentialMovingAverage.decay(0.999, 8991), 1e-15, "8992/9001 > 0.999");
    }

    @Test
    void emaFollowsTheWeights() {
        INDArray p = Nd4j.createFromArray(1.0, -2.0);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", p);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(params, 0.999);
        p.assign(Nd4j.createFromArray(3.0, 0.0));
        ema.update();                                            // decay 0.1
        assertEquals(0.1 * 1 + 0.9 * 3, ema.shadow().get("w").getDouble(0), 1e-15);
        assertEquals(0.1 * -2 + 0.9 * 0, ema.shadow().get("w").getDouble(1), 1e-15);
        p.assign(Nd4j.createFromArray(5.0, 1.0));
        ema.update();                                            // decay 2/11
        double d = 2.0 / 11;
        assertEquals(d * 2.8 + (1 - d) * 5, ema.shadow().get("w").getDouble(0), 1e-14);
        assertEquals(d * -0.2 + (1 - d) * 1, ema.shadow().get("w").getDouble(1), 1e-14);
        assertEquals(2, ema.step());
        assertEquals(Nd4j.createFromArray(5.0, 1.0), p, "the weights are only read");
    }
}
