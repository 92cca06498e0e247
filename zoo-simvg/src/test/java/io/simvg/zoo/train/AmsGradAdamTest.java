package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimizer against an independent reference: textbook Adam/AMSGrad written here in double precision
 * (m̂ = m/(1−β1^t), v̂ = max v/(1−β2^t), p −= lr·m̂/(√v̂ + ε)), which is algebraically PyTorch's update.
 */
class AmsGradAdamTest {

    static final double B1 = 0.9;
    static final double B2 = 0.98;
    static final double EPS = 1e-9;

    /** Reference state of one tensor, double precision. */
    static final class Reference {
        final double[] p;
        final double[] m;
        final double[] v;
        final double[] vMax;
        int t;

        Reference(double[] p) {
            this.p = p.clone();
            m = new double[p.length];
            v = new double[p.length];
            vMax = new double[p.length];
        }

        void step(double[] g, double lr, double wd, boolean amsgrad) {
            t++;
            for (int i = 0; i < p.length; i++) {
                double gi = g[i] + wd * p[i];
                m[i] = B1 * m[i] + (1 - B1) * gi;
                v[i] = B2 * v[i] + (1 - B2) * gi * gi;
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(B1, t));
                double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(B2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
            }
        }
    }

    /** Gradients that shrink over the steps (so the AMSGrad maximum differs from v) and change sign. */
    static double[] gradient(Random r, int n, int step) {
        double[] g = new double[n];
        double scale = step < 3 ? 1.0 : 0.05;
        for (int i = 0; i < n; i++) {
            g[i] = scale * r.nextGaussian() + (i % 7 == 0 ? 1e-3 : 0);
        }
        return g;
    }

    static void run(DataType type, boolean amsgrad, double wd, double tolerance) {
        Random r = new Random(5);
        int n = 300;
        double[] head0 = new double[n];
        double[] enc0 = new double[n];
        for (int i = 0; i < n; i++) {
            head0[i] = r.nextGaussian();
            enc0[i] = r.nextGaussian();
        }
        INDArray head = Nd4j.createFromArray(head0).castTo(type).reshape(3, 100).dup('c');
        INDArray enc = Nd4j.createFromArray(enc0).castTo(type).reshape(300).dup('c');
        INDArray frozen = Nd4j.createFromArray(1f, 2f, 3f).castTo(type);
        AmsGradAdam opt = new AmsGradAdam(B1, B2, EPS, wd, amsgrad).addGroup("head", 1e-2).addGroup("encoder", 1e-3);
        opt.addParameter("head.w", head, "head").addParameter("vis_enc.w", enc, "encoder")
                .addParameter("vis_enc.mask_token", frozen, "encoder");
        // Reference sees the parameters as stored in the tested precision.
        Reference refHead = new Reference(head.castTo(DataType.DOUBLE).data().asDouble());
        Reference refEnc = new Reference(enc.castTo(DataType.DOUBLE).data().asDouble());
        for (int step = 0; step < 6; step++) {
            double lrFactor = step < 2 ? 0.5 : 1.0;   // a schedule change between steps
            opt.setLearningRate("head", 1e-2 * lrFactor);
            opt.setLearningRate("encoder", 1e-3 * lrFactor);
            double[] gh = gradient(r, n, step);
            double[] ge = gradient(r, n, step);
            Map<String, INDArray> grads = new LinkedHashMap<>();
            grads.put("head.w", Nd4j.createFromArray(gh).castTo(type).reshape(3, 100));
            grads.put("vis_enc.w", Nd4j.createFromArray(ge).castTo(type));
            opt.step(grads);
            // Feed the reference the gradient as the tested precision holds it.
            refHead.step(grads.get("head.w").castTo(DataType.DOUBLE).data().asDouble(), 1e-2 * lrFactor, wd, amsgrad);
            refEnc.step(grads.get("vis_enc.w").castTo(DataType.DOUBLE).data().asDouble(), 1e-3 * lrFactor, wd,
                    amsgrad);
            assertClose(refHead.p, head, tolerance, "head after step " + (step + 1));
            assertClose(refEnc.p, enc, tolerance, "encoder after step " + (step + 1));
        }
        assertEquals(Nd4j.createFromArray(1f, 2f, 3f).castTo(type), frozen, "no gradient: untouched");
        assertNull(opt.state().get("vis_enc.mask_token"), "no gradient: no state (PyTorch skips it)");
        assertEquals(6, opt.state().get("head.w").step());
        if (amsgrad) {
            INDArray vMax = opt.state().get("head.w").maxExpAvgSq();
            INDArray v = opt.state().get("head.w").expAvgSq();
            assertTrue(vMax.sub(v).minNumber().doubleValue() >= 0, "v̂ ≥ v");
            assertTrue(vMax.sub(v).maxNumber().doubleValue() > 0, "the shrinking gradients make v̂ differ from v");
        }
    }

    static void assertClose(double[] expected, INDArray actual, double tol, String what) {
        double[] a = actual.castTo(DataType.DOUBLE).data().asDouble();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - a[i]) / Math.max(1.0, Math.abs(expected[i])));
        }
        assertTrue(worst <= tol, what + ": max relative deviation " + worst + " > " + tol);
    }

    @Test
    void amsgradFloatMatchesDoubleReference() {
        run(DataType.FLOAT, true, 0.0, 2e-6);
    }

    @Test
    void amsgradDoubleMatchesReferenceToRounding() {
        run(DataType.DOUBLE, true, 0.0, 1e-13);
    }

    @Test
    void plainAdamAndWeightDecayMatchReference() {
        run(DataType.DOUBLE, false, 0.0, 1e-13);
        run(DataType.DOUBLE, true, 0.05, 1e-13);
    }

    @Test
    void firstStepMovesEveryWeightByTheLearningRate() {
        // After one step m̂ = g and v̂ = g², so Δp = −lr·g/(|g| + ε) ≈ −lr·sign(g), whatever the gradient's scale.
        INDArray p = Nd4j.zeros(DataType.FLOAT, 4);
        AmsGradAdam opt = new AmsGradAdam(B1, B2, EPS, 0, true).addGroup("g", 0.01).addParameter("w", p, "g");
        opt.step(Map.of("w", Nd4j.createFromArray(3e-3f, -250f, 1e-4f, -0.5f)));
        float[] got = p.data().asFloat();
        float[] expect = {-0.01f, 0.01f, -0.01f, 0.01f};
        for (int i = 0; i < 4; i++) {
            assertEquals(expect[i], got[i], 1e-7f, "element " + i);
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        Random r = new Random(9);
        INDArray a = Nd4j.rand(DataType.FLOAT, 50);
        INDArray b = a.dup();
        AmsGradAdam first = new AmsGradAdam(B1, B2, EPS, 0, true).addGroup("g", 1e-2).addParameter("w", a, "g");
        for (int s = 0; s < 3; s++) {
            first.step(Map.of("w", Nd4j.createFromArray(gradientFloat(r, 50))));
        }
        b.assign(a);
        AmsGradAdam.State st = first.state().get("w");
        AmsGradAdam second = new AmsGradAdam(B1, B2, EPS, 0, true).addGroup("g", 1e-2).addParameter("w", b, "g");
        // as read from a checkpoint: fresh arrays, which the optimizer takes over
        second.restoreState("w", st.expAvg().dup(), st.expAvgSq().dup(), st.maxExpAvgSq().dup(), st.step());
        INDArray g = Nd4j.createFromArray(gradientFloat(r, 50));
        first.step(Map.of("w", g));
        second.step(Map.of("w", g));
        assertEquals(a, b, "bit-identical after restoring");
        assertNotEquals(0.0, a.sumNumber().doubleValue());
    }

    static float[] gradientFloat(Random r, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
        }
        return g;
    }

    @Test
    void rejectsMismatchedInput() {
        INDArray p = Nd4j.zeros(DataType.FLOAT, 4);
        AmsGradAdam opt = new AmsGradAdam(B1, B2, EPS, 0, true).addGroup("g", 0.01).addParameter("w", p, "g");
        assertThrows(IllegalArgumentException.class, () -> opt.step(Map.of("w", Nd4j.zeros(DataType.FLOAT, 5))));
        assertThrows(IllegalArgumentException.class, () -> opt.step(Map.of("other", Nd4j.zeros(DataType.FLOAT, 4))));
        assertThrows(IllegalArgumentException.class, () -> opt.addParameter("v", p.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)), "g"));
        assertThrows(IllegalArgumentException.class, () -> opt.restoreState("w", p, p, null, 1),
                "AMSGrad state needs its maximum");
        assertFalse(opt.state().containsKey("w"));
    }
}
