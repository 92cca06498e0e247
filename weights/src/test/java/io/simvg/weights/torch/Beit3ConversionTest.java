package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.WeightLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The BEiT-3 224/16 → 640/32 (512/32) conversion, against PyTorch and against values worked out independently. */
class Beit3ConversionTest {

    static final Beit3Conversion TO_640 = new Beit3Conversion(640, 32);

    /** The full position-table surgery cases of the bicubic reference files (PyTorch, beit3.py's own lines). */
    @TestFactory
    Stream<DynamicTest> pytorchPositionTableSurgery() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BicubicCases.Case c : BicubicCases.all()) {
            if (!c.json().has("variants")) {
                continue;
            }
            assertEquals(Beit3Conversion.EXTRA_TOKENS, c.json().path("num_extra_tokens").asInt(3), c.id());
            for (var v : c.json().get("variants")) {
                int size = v.get("new_size").asInt();
                tests.add(DynamicTest.dynamicTest(c.displayName() + " -> " + size, () -> {
                    INDArray want = PeerFixture.tensor(v.get("expected").get("table"));
                    INDArray got = new Beit3Conversion(size * 32, 32).positionTable(c.input());
                    assertArrayEquals(want.shape(), got.shape());
                    double diff = got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber()
                            .doubleValue();
                    System.out.printf("%s -> %d: max |diff| %.3g (tolerance %.3g)%n", c.displayName(), size, diff,
                            c.tolerance());
                    assertTrue(diff <= c.tolerance(), c.displayName() + ": max |diff| " + diff);
                }));
            }
        }
        assertTrue(!tests.isEmpty(), "no position-table cases in " + BicubicCases.files());
        return tests.stream();
    }

    /**
     * D = 2 and a 2×2 grid resized to 4×4 (a 128/32 model): channel 0 is the column index, channel 1 the row index, so
     * the result shows both the row-major order of the tokens and which axis is which. Along an axis [0, 1] becomes
     * [−0.10546875, 0.2265625, 0.7734375, 1.10546875] (worked by hand in {@link BicubicInterpolationTest}), so token
     * 3 + 4y + x must be (r[x], r[y]).
     */
    @Test
    void tinyTableRowOrderAndAxes() {
        float[] rows = {
            10, 11, 20, 21, 30, 31,     // the 3 leading rows
            0, 0, 1, 0, 0, 1, 1, 1};   // (x, y) of cells (0,0), (0,1), (1,0), (1,1) in row-major order
        INDArray table = Nd4j.create(rows, new long[] {7, 2}, 'c');
        INDArray got = new Beit3Conversion(128, 32).positionTable(table);
        assertArrayEquals(new long[] {3 + 16, 2}, got.shape());
        float[] r = {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f};
        float[] want = new float[19 * 2];
        System.arraycopy(rows, 0, want, 0, 6);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                want[2 * (3 + 4 * y + x)] = r[x];
                want[2 * (3 + 4 * y + x) + 1] = r[y];
            }
        }
        assertArrayEquals(want, got.data().asFloat());
    }

    /** Real sizes (14² → 20²): a constant grid stays constant (the weights sum to 1); leading rows are kept exactly. */
    @Test
    void constantGridAndLeadingRows() {
        int d = 3;
        INDArray table = Nd4j.create(DataType.FLOAT, 3 + 196, d);
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < d; c++) {
                table.putScalar(i, c, 100 * i + c + 0.125);
            }
        }
        for (int i = 3; i < 199; i++) {
            for (int c = 0; c < d; c++) {
                table.putScalar(i, c, c - 0.7);
            }
        }
        INDArray got = TO_640.positionTable(table);
        assertArrayEquals(new long[] {403, d}, got.shape());
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < d; c++) {
                assertEquals(100 * i + c + 0.125, got.getDouble(i, c), 0, "leading row " + i);
            }
        }
        for (int i = 3; i < 403; i++) {
            for (int c = 0; c < d; c++) {
                assertEquals(c - 0.7, got.getDouble(i, c), 1e-6, "token " + i);
            }
        }
    }

    /** The table conversion equals resizing the grid built by hand (row 3 + 14y + x → [0, c, y, x]). */
    @Test
    void gridConversionEqualsDirectInterpolation() {
        int d = 5;
        INDArray table = Nd4j.rand(DataType.FLOAT, 199, d).subi(0.5);
        INDArray grid = Nd4j.create(DataType.FLOAT, 1, d, 14, 14);
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                for (int c = 0; c < d; c++) {
                    grid.putScalar(new long[] {0, c, y, x}, table.getFloat(3 + 14 * y + x, c));
                }
            }
        }
        INDArray direct = BicubicInterpolation.resize(grid, 20, 20);
        INDArray got = TO_640.positionTable(table);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(direct.getFloat(0, c, y, x), got.getFloat(3 + 20 * y + x, c), 0,
                            "token (" + y + "," + x + ") channel " + c);
                }
            }
        }
        assertEquals(new Beit3Conversion(512, 32).positionTable(table).size(0), 3 + 256);
    }

    /** 16² → 32² kernels without rescaling: ones stay ones (so the sum grows 4×); a ramp follows the hand values. */
    @Test
    void patchKernel() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 3, 16, 16);
        INDArray got = TO_640.patchKernel(ones);
        assertArrayEquals(new long[] {2, 3, 32, 32}, got.shape());
        assertEquals(0, got.sub(1f).amaxNumber().doubleValue(), 1e-6);
        assertEquals(4 * ones.sumNumber().doubleValue(), got.sumNumber().doubleValue(), 1e-2);

        INDArray ramp = Nd4j.create(new float[] {0, 1, 0, 1}, new long[] {1, 1, 2, 2}, 'c');
        INDArray up = new Beit3Conversion(8, 4).patchKernel(ramp);
        assertArrayEquals(new float[] {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f},
                up.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(3), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .dup().data().asFloat());
    }

    /** Keeping the kernel's sum: a uniform patch embeds as before, whether the patches shrink or grow. */
    @Test
    void patchKernelKeepingItsSum() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 3, 16, 16);
        INDArray down = new Beit3Conversion(128, 8, true).patchKernel(ones);
        assertArrayEquals(new long[] {2, 3, 8, 8}, down.shape());
        assertEquals(0, down.sub(4f).amaxNumber().doubleValue(), 1e-5);
        INDArray up = new Beit3Conversion(640, 32, true).patchKernel(ones);
        assertEquals(0, up.sub(0.25f).amaxNumber().doubleValue(), 1e-6);
        assertEquals(ones.sumNumber().doubleValue(), up.sumNumber().doubleValue(), 1e-2);
    }

    @Test
    void otherTensorsPassThrough() {
        INDArray bias = Nd4j.rand(DataType.FLOAT, 768);
        assertSame(bias, TO_640.apply("beit3.vision_embed.proj.bias", bias));
        assertSame(bias, TO_640.apply("vis_enc." + Beit3Conversion.POSITION_TABLE, bias));
        assertTrue(Beit3Conversion.converts(Beit3Conversion.PATCH_KERNEL));

        StateDict dict = new StateDict();
        dict.put(Beit3Conversion.PATCH_KERNEL, Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16));
        dict.put("beit3.vision_embed.proj.bias", bias);
        dict.put(Beit3Conversion.POSITION_TABLE, Nd4j.rand(DataType.FLOAT, 199, 4));
        StateDict out = TO_640.apply(dict);
        assertEquals(List.copyOf(dict.asMap().keySet()), List.copyOf(out.asMap().keySet()));
        assertArrayEquals(new long[] {4, 3, 32, 32}, out.get(Beit3Conversion.PATCH_KERNEL).shape());
        assertArrayEquals(new long[] {403, 4}, out.get(Beit3Conversion.POSITION_TABLE).shape());
        assertSame(bias, out.get("beit3.vision_embed.proj.bias"));
    }

    @Test
    void malformedTensorsAreNamed() {
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> TO_640.positionTable(Nd4j.create(DataType.FLOAT, 3 + 15, 4)));
        assertTrue(e.getMessage().contains(Beit3Conversion.POSITION_TABLE), e.getMessage());
        e = assertThrows(WeightLoadException.class, () -> TO_640.patchKernel(Nd4j.create(DataType.FLOAT, 4, 16, 16)));
        assertTrue(e.getMessage().contains(Beit3Conversion.PATCH_KERNEL), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Beit3Conversion(640, 30));
    }
}
