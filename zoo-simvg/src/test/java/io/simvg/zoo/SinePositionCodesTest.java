package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simvg.zoo.graph.SinePositionCodes;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The fixed position codes against their closed forms (SIMVG.md §1.4.3). */
class SinePositionCodesTest {

    @Test
    void officialTextCodeIsDegenerate() {
        INDArray pe = SinePositionCodes.text1d(20, 256, TextPositionCode.AS_IMPLEMENTED);
        for (int p = 0; p < 20; p++) {
            assertEquals(Math.sin(p), pe.getDouble(p, 0), 1e-6);
            assertEquals(Math.cos(p), pe.getDouble(p, 1), 1e-6);
            for (int k = 1; k < 128; k++) {
                assertEquals(0.0, pe.getDouble(p, 2 * k), 0.0);
                assertEquals(1.0, pe.getDouble(p, 2 * k + 1), 0.0);
            }
        }
    }

    @Test
    void intendedTextCodeIsTheSinusoid() {
        INDArray pe = SinePositionCodes.text1d(20, 256, TextPositionCode.INTENDED);
        for (int p = 0; p < 20; p += 7) {
            for (int i = 0; i < 128; i += 31) {
                double arg = p / Math.pow(10000, i / 128.0);
                assertEquals(Math.sin(arg), pe.getDouble(p, 2 * i), 1e-5);
                assertEquals(Math.cos(arg), pe.getDouble(p, 2 * i + 1), 1e-5);
            }
        }
    }

    @Test
    void gridCodeRowsAndColumns() {
        INDArray pe = SinePositionCodes.grid2d(20, 256);
        int i = 3;
        int j = 11;
        int token = i * 20 + j;
        double y = (i + 1) / (20 + 1e-6) * 2 * Math.PI;
        double x = (j + 1) / (20 + 1e-6) * 2 * Math.PI;
        for (int k = 0; k < 128; k++) {
            double dim = Math.pow(10000, 2 * (k / 2) / 128.0);
            double ey = k % 2 == 0 ? Math.sin(y / dim) : Math.cos(y / dim);
            double ex = k % 2 == 0 ? Math.sin(x / dim) : Math.cos(x / dim);
            assertEquals(ey, pe.getDouble(token, k), 1e-5, "row part channel " + k);
            assertEquals(ex, pe.getDouble(token, 128 + k), 1e-5, "column part channel " + k);
        }
    }
}
