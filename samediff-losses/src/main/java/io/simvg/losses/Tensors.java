package io.simvg.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Conversions between ND4J arrays and Java arrays, with checks that name the tensor. */
final class Tensors {

    private Tensors() {
    }

    /** {@code [B, N, last]} as {@code float[B][N][last]}; non-finite values are rejected. */
    static float[][][] rank3(INDArray a, String name, int last) {
        long[] s = a.shape();
        if (s.length != 3 || s[2] != last) {
            throw new IllegalArgumentException(name + " must have shape [B, N, " + last + "], got " + Arrays.toString(s));
        }
        float[] flat = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][][] out = new float[(int) s[0]][(int) s[1]][last];
        int k = 0;
        for (int b = 0; b < s[0]; b++) {
            for (int n = 0; n < s[1]; n++) {
                for (int j = 0; j < last; j++) {
                    float v = flat[k++];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException(name + "[" + b + "][" + n + "][" + j + "] is " + v);
                    }
                    out[b][n][j] = v;
                }
            }
        }
        return out;
    }

    /** Softmax of two logits in float32. */
    static float[] softmax2(float[] l) {
        float m = Math.max(l[0], l[1]);
        float e0 = (float) Math.exp(l[0] - m);
        float e1 = (float) Math.exp(l[1] - m);
        float sum = e0 + e1;
        return new float[] {e0 / sum, e1 / sum};
    }
}
