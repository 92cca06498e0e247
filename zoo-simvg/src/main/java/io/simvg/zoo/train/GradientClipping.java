package io.simvg.zoo.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PyTorch's {@code clip_grad_norm_(parameters, max_norm)} with the L2 norm (SIMVG.md §3.1: 0.15): the global norm
 * over all gradients, {@code total = sqrt(Σ_p ‖g_p‖²)}, and when {@code coef = max_norm/(total + 1e-6)} is below 1
 * every gradient is multiplied by it in place (PyTorch multiplies by {@code min(coef, 1)}; a factor of 1 changes
 * nothing). SameDiff's training config offers only per-element or per-parameter clipping, so this runs in the
 * trainer between {@code calculateGradients} and the optimizer.
 *
 * <p>The squared norms are accumulated in double over fixed chunks and summed in a fixed order, so the result does not
 * depend on thread timing.
 */
public final class GradientClipping {

    /** PyTorch's guard against division by zero. */
    public static final double EPS = 1e-6;

    private GradientClipping() {
    }

    /** The global L2 norm of {@code grads} (nulls are skipped, as PyTorch skips parameters without gradient). */
    public static double globalNorm(Collection<INDArray> grads) {
        List<INDArray> arrays = new ArrayList<>();
        for (INDArray g : grads) {
            if (g != null) {
                arrays.add(ElementwiseKernel.contiguous(g));
            }
        }
        long[] lengths = arrays.stream().mapToLong(INDArray::length).toArray();
        List<ElementwiseKernel.Range> ranges = ElementwiseKernel.ranges(lengths);
        double[] partial = new double[ranges.size()];
        java.util.stream.IntStream.range(0, ranges.size()).parallel().forEach(i -> {
            ElementwiseKernel.Range r = ranges.get(i);
            INDArray a = arrays.get(r.tensor());
            double s = 0;
            if (a.dataType() == DataType.DOUBLE) {
                DoubleBuffer b = ElementwiseKernel.doubles(a);
                for (int k = r.from(); k < r.to(); k++) {
                    double v = b.get(k);
                    s += v * v;
                }
            } else {
                FloatBuffer b = ElementwiseKernel.floats(a);
                for (int k = r.from(); k < r.to(); k++) {
                    double v = b.get(k);
                    s += v * v;
                }
            }
            partial[i] = s;
        });
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return Math.sqrt(sum);
    }

    /**
     * Clips {@code grads} in place to the global norm {@code maxNorm} and returns the norm before clipping.
     * {@code maxNorm <= 0} only measures.
     */
    public static double clip(Collection<INDArray> grads, double maxNorm) {
        double total = globalNorm(grads);
        if (maxNorm > 0) {
            double coef = maxNorm / (total + EPS);
            if (coef < 1.0) {
                for (INDArray g : grads) {
                    if (g != null) {
                        g.muli(coef);
                    }
                }
            }
        }
        return total;
    }
}
