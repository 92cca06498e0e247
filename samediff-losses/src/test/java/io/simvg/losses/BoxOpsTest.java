package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Java and SameDiff box ops against detrex's ({@code box_ops.json}). */
class BoxOpsTest {

    @TestFactory
    Stream<DynamicTest> reproducesDetrex() {
        return LossFixtures.cases("box_ops.json").stream().map(c -> DynamicTest.dynamicTest(
                "box_ops " + c.get("id").asText(), () -> check(c)));
    }

    static void check(JsonNode c) {
        boolean tiny = c.get("id").asText().contains("tiny");
        double rel = tiny ? 2e-3 : 1e-5;
        double abs = tiny ? 1e-5 : 1e-6;
        float[][] a = LossFixtures.boxes(c.get("boxes1_cxcywh"));
        float[][] b = LossFixtures.boxes(c.get("boxes2_cxcywh"));
        float[][] ax = BoxOps.cxcywhToXyxy(a);
        float[][] bx = BoxOps.cxcywhToXyxy(b);
        JsonNode e = c.get("expected");
        compare("xyxy1", LossFixtures.boxes(e.get("boxes1_xyxy")), ax, rel, abs);
        float[][] iou = new float[a.length][b.length];
        float[][] union = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                float[] iu = BoxOps.iouAndUnion(ax[i], bx[j]);
                iou[i][j] = iu[0];
                union[i][j] = iu[1];
            }
        }
        compare("iou", matrix(e.get("iou")), iou, rel, abs);
        compare("union", matrix(e.get("union")), union, rel, abs);
        float[][] giou = BoxOps.pairwiseGiou(ax, bx, "boxes1", "boxes2");
        compare("giou", matrix(e.get("giou")), giou, rel, abs);

        if (a.length > 0 && b.length > 0) { // the SameDiff versions: pairwise, aligned on (i, i mod m), conversions
            SameDiff sd = SameDiff.create();
            SDVariable pa = sd.placeHolder("a", DataType.FLOAT, 1, a.length, 4);
            SDVariable pb = sd.placeHolder("b", DataType.FLOAT, 1, b.length, 4);
            SDVariable pp = sd.placeHolder("paired", DataType.FLOAT, 1, a.length, 4);
            SdBoxOps.pairwiseGiou(sd, pa, pb).rename("pgiou");
            SdBoxOps.pairwiseIou(sd, pa, pb).rename("piou");
            SdBoxOps.alignedGiou(sd, pa, pp).rename("agiou");
            SdBoxOps.alignedIou(sd, pa, pp).rename("aiou");
            SdBoxOps.xyxyToCxcywh(sd, SdBoxOps.cxcywhToXyxy(sd, pa)).rename("roundtrip");
            SdBoxOps.cxcywhToXyxy(sd, pa).rename("axyxy");
            float[][] paired = new float[a.length][];
            for (int i = 0; i < a.length; i++) {
                paired[i] = b[i % b.length];
            }
            Map<String, INDArray> out = sd.output(Map.of("a", Nd4j.createFromArray(new float[][][] {a}),
                    "b", Nd4j.createFromArray(new float[][][] {b}), "paired", Nd4j.createFromArray(new float[][][] {paired})),
                    "pgiou", "piou", "agiou", "aiou", "roundtrip", "axyxy");
            compare("SameDiff pairwise giou", giou, matrix2(out.get("pgiou").slice(0)), rel, abs);
            compare("SameDiff pairwise iou", iou, matrix2(out.get("piou").slice(0)), rel, abs);
            compare("SameDiff xyxy", ax, matrix2(out.get("axyxy").slice(0)), rel, abs);
            compare("SameDiff xyxy->cxcywh", a, matrix2(out.get("roundtrip").slice(0)), 1e-5, 1e-5);
            for (int i = 0; i < a.length; i++) {
                assertTrue(LossFixtures.close(giou[i][i % b.length], out.get("agiou").getDouble(0, i), rel, abs),
                        "SameDiff aligned giou[" + i + "]");
                assertTrue(LossFixtures.close(iou[i][i % b.length], out.get("aiou").getDouble(0, i), rel, abs),
                        "SameDiff aligned iou[" + i + "]");
            }
        }
    }

    static float[][] matrix2(INDArray m) {
        float[][] out = new float[(int) m.size(0)][(int) m.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = m.getFloat(i, j);
            }
        }
        return out;
    }

    static float[][] matrix(JsonNode t) {
        int n = t.get("shape").get(0).asInt();
        int m = t.get("shape").get(1).asInt();
        float[][] out = new float[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[i][j] = (float) t.get("data").get(i * m + j).asDouble();
            }
        }
        return out;
    }

    static void compare(String what, float[][] expected, float[][] actual, double rel, double abs) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertTrue(LossFixtures.close(expected[i][j], actual[i][j], rel, abs),
                        what + "[" + i + "][" + j + "]: " + actual[i][j] + " vs " + expected[i][j]);
            }
        }
    }

    @Test
    void degenerateBoxesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoxOps.pairwiseGiou(
                new float[][] {{0.5f, 0.5f, 0.4f, 0.9f}}, new float[][] {{0, 0, 1, 1}}, "pred", "gt"));
        assertTrue(e.getMessage().contains("pred[0]") && e.getMessage().contains("degenerate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BoxOps.pairwiseGiou(
                new float[][] {{0, 0, 1, 1}}, new float[][] {{0, Float.NaN, 1, 1}}, "pred", "gt"));
        assertTrue(e.getMessage().contains("gt[0]") && e.getMessage().contains("not finite"), e.getMessage());
    }
}
