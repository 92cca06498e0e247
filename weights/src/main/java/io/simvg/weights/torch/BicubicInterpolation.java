package io.simvg.weights.torch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code F.interpolate(x, size=(h, w), mode="bicubic", align_corners=False)} on NCHW arrays, as BEiT-3
 * uses it to resize its position grid and patch kernel (SIMVG.md §1.2.7): separable cubic convolution with
 * A = −0.75; source coordinate {@code (dst + 0.5) · in/out − 0.5}, not clamped; taps {@code floor(src) − 1 ..
 * floor(src) + 2} clamped to {@code [0, in − 1]} (border replicated); no antialiasing. Computed in double (torch
 * computes in float32; the two differ by well under 1e-6 of the input's range), returned as float32. Equal sizes
 * reproduce the input exactly.
 */
public final class BicubicInterpolation {

    /** The cubic convolution coefficient PyTorch uses. */
    public static final double A = -0.75;

    private BicubicInterpolation() {
    }

    /** Resizes the last two axes of {@code input} [N, C, H, W] to [N, C, outH, outW]. */
    public static INDArray resize(INDArray input, int outH, int outW) {
        if (input.rank() != 4 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("expected NCHW input and a positive size, got "
                    + java.util.Arrays.toString(input.shape()) + " -> " + outH + "x" + outW);
        }
        int n = (int) input.size(0);
        int c = (int) input.size(1);
        int inH = (int) input.size(2);
        int inW = (int) input.size(3);
        double[] in = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Taps rows = new Taps(inH, outH);
        Taps cols = new Taps(inW, outW);
        float[] out = new float[n * c * outH * outW];
        double[] tmp = new double[inH * outW];
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * inH * inW;
            for (int y = 0; y < inH; y++) { // along W
                for (int x = 0; x < outW; x++) {
                    double sum = 0;
                    for (int k = 0; k < 4; k++) {
                        sum += cols.weight(x, k) * in[base + y * inW + cols.index(x, k)];
                    }
                    tmp[y * outW + x] = sum;
                }
            }
            int outBase = plane * outH * outW;
            for (int y = 0; y < outH; y++) { // then along H
                for (int x = 0; x < outW; x++) {
                    double sum = 0;
                    for (int k = 0; k < 4; k++) {
                        sum += rows.weight(y, k) * tmp[rows.index(y, k) * outW + x];
                    }
                    out[outBase + y * outW + x] = (float) sum;
                }
            }
        }
        return Nd4j.create(out, new long[] {n, c, outH, outW}, 'c');
    }

    /** The cubic convolution kernel W(d) at distance d from a tap. */
    static double kernel(double d) {
        d = Math.abs(d);
        if (d <= 1) {
            return ((A + 2) * d - (A + 3)) * d * d + 1;
        }
        if (d < 2) {
            return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
        }
        return 0;
    }

    /** For each output index along one axis: four clamped input indices and their weights. */
    private static final class Taps {

        private final int[] index;
        private final double[] weight;

        Taps(int in, int out) {
            index = new int[4 * out];
            weight = new double[4 * out];
            double scale = (double) in / out;
            for (int d = 0; d < out; d++) {
                double src = (d + 0.5) * scale - 0.5;
                int first = (int) Math.floor(src);
                double t = src - first;
                for (int k = 0; k < 4; k++) {
                    index[4 * d + k] = Math.min(Math.max(first - 1 + k, 0), in - 1);
                    weight[4 * d + k] = kernel(t + 1 - k); // distances t+1, t, 1-t, 2-t
                }
            }
        }

        int index(int d, int k) {
            return index[4 * d + k];
        }

        double weight(int d, int k) {
            return weight[4 * d + k];
        }
    }
}
