package io.simvg.zoo.graph;

import io.simvg.zoo.TextPositionCode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed position codes of the head. Both are constants (the image is never padded at 640×640 and every sample
 * gets the same text code), computed here in float32 as PyTorch does.
 */
public final class SinePositionCodes {

    private SinePositionCodes() {
    }

    /**
     * detrex {@code PositionEmbeddingSine(num_pos_feats=C/2, temperature=10000, normalize=True)} for an unpadded
     * g×g grid, as {@code [g·g, C]} rows in token order (row-major). Channels {@code [0, C/2)} encode the row,
     * {@code [C/2, C)} the column; even channels are sines, odd channels cosines.
     */
    public static INDArray grid2d(int g, int channels) {
        int half = channels / 2;
        float[] dimT = new float[half];
        for (int k = 0; k < half; k++) {
            dimT[k] = (float) Math.pow(10000.0, (float) (2 * (k / 2)) / half);
        }
        float scale = (float) (2 * Math.PI);
        float[] out = new float[g * g * channels];
        for (int i = 0; i < g; i++) {
            float y = (float) (i + 1) / (g + 1e-6f) * scale;
            for (int j = 0; j < g; j++) {
                float x = (float) (j + 1) / (g + 1e-6f) * scale;
                int base = (i * g + j) * channels;
                for (int k = 0; k < half; k++) {
                    out[base + k] = sineOrCosine(k, y / dimT[k]);
                    out[base + half + k] = sineOrCosine(k, x / dimT[k]);
                }
            }
        }
        return Nd4j.create(out, new long[] {(long) g * g, channels}, 'c');
    }

    /**
     * SimVG's {@code PositionEmbeddingSine1D} for the TQG text keys, {@code [length, C]}. The official module
     * truncates its frequencies to integers ({@link TextPositionCode#AS_IMPLEMENTED}), leaving {@code sin(p), cos(p)}
     * in the first two channels and constant 0, 1, 0, 1, … elsewhere.
     */
    public static INDArray text1d(int length, int channels, TextPositionCode mode) {
        int half = channels / 2;
        float[] out = new float[length * channels];
        for (int i = 0; i < half; i++) {
            double f = 1.0 / Math.pow(10000.0, (double) i / half);
            float freq = mode == TextPositionCode.AS_IMPLEMENTED ? (long) f : (float) f;
            for (int p = 0; p < length; p++) {
                float arg = p * freq;
                out[p * channels + 2 * i] = (float) Math.sin(arg);
                out[p * channels + 2 * i + 1] = (float) Math.cos(arg);
            }
        }
        return Nd4j.create(out, new long[] {length, channels}, 'c');
    }

    private static float sineOrCosine(int k, float v) {
        return (float) (k % 2 == 0 ? Math.sin(v) : Math.cos(v));
    }
}
