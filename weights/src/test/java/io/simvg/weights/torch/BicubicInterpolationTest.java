package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.PeerFixture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BicubicInterpolation} against PyTorch: every plain interpolation case of the bicubic reference files
 * within their suggested tolerance (identity exactly); the position-table surgery cases are run by
 * {@link Beit3ConversionTest}. Plus a hand-computed 2 → 4 upsampling.
 */
class BicubicInterpolationTest {

    @TestFactory
    Stream<DynamicTest> pytorchReferenceCases() {
        var cases = BicubicCases.all().stream().filter(c -> c.json().has("output_size_hw")).toList();
        assertFalse(cases.isEmpty(), "no interpolation cases in " + BicubicCases.files());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
            INDArray x = c.input();
            int h = c.json().get("output_size_hw").get(0).asInt();
            int w = c.json().get("output_size_hw").get(1).asInt();
            INDArray want = PeerFixture.tensor(c.json().get("expected").get("output"));
            INDArray got = BicubicInterpolation.resize(x, h, w);
            assertEquals(DataType.FLOAT, got.dataType());
            assertArrayEquals(want.shape(), got.shape(), c.id());
            double diff = got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            boolean identity = x.size(2) == h && x.size(3) == w;
            double tolerance = identity ? 0 : c.tolerance();
            System.out.printf("%s: max |diff| %.3g (tolerance %.3g)%n", c.displayName(), diff, tolerance);
            assertTrue(diff <= tolerance, c.displayName() + ": max |diff| " + diff + " > " + tolerance);
            if (identity) {
                assertArrayEquals(x.data().asFloat(), got.data().asFloat(), c.id());
            }
        }));
    }

    /**
     * [0, 1] → 4 samples, worked by hand: sources −0.25, 0.25, 0.75, 1.25 (fractions 0.75, 0.25, 0.75, 0.25);
     * with A = −0.75, W(0.25) = 0.87890625, W(0.75) = 0.26171875, W(1.25) = −0.10546875, W(1.75) = −0.03515625.
     * out[0] = 0·(W(1.75)+W(0.75)+W(0.25)) + 1·W(1.25) = −0.10546875; out[1] = 1·(W(0.75)+W(1.75)) = 0.2265625;
     * out[2], out[3] by symmetry: 0.7734375, 1.10546875. Along H the input is constant, so every row is the same.
     */
    @Test
    void handComputedUpsampling() {
        INDArray x = Nd4j.create(new float[] {0, 1, 0, 1}, new long[] {1, 1, 2, 2}, 'c');
        INDArray got = BicubicInterpolation.resize(x, 4, 4);
        float[] row = {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f};
        for (int y = 0; y < 4; y++) {
            assertArrayEquals(row, got.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(y),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup().data().asFloat(), "row " + y);
        }
        assertEquals(0.87890625, BicubicInterpolation.kernel(0.25), 0);
        assertEquals(-0.03515625, BicubicInterpolation.kernel(-1.75), 0);
        assertEquals(0, BicubicInterpolation.kernel(2), 0);
    }

    @Test
    void constantStaysConstantAndViewsAreRead() {
        INDArray x = Nd4j.valueArrayOf(new long[] {2, 3, 5, 4}, 0.3).castTo(DataType.FLOAT).permute(0, 1, 3, 2);
        INDArray got = BicubicInterpolation.resize(x, 9, 2);
        assertArrayEquals(new long[] {2, 3, 9, 2}, got.shape());
        assertEquals(0, got.sub(0.3f).amaxNumber().doubleValue(), 1e-7);
    }
}
