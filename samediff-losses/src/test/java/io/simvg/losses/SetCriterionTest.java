package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

/** The official matcher + criterion on every case of {@code set_criterion.json} (stage DECODER objective). */
class SetCriterionTest {

    @TestFactory
    Stream<DynamicTest> reproducesTheOfficialCriterion() {
        return LossFixtures.cases("set_criterion.json").stream().map(c -> DynamicTest.dynamicTest(
                "set_criterion " + c.get("id").asText(), () -> check(c)));
    }

    static void check(JsonNode c) {
        int layers = c.get("L").asInt();
        int nq = c.get("Nq").asInt();
        JsonNode in = c.get("inputs");
        INDArray logits = LossFixtures.tensor(in.get("pred_logits"));
        INDArray boxes = LossFixtures.tensor(in.get("pred_boxes"));
        float[][][] targets = targets(in.get("targets"));
        CriterionHarness h = new CriterionHarness(layers, nq, TrainingStage.DECODER, 0, 0);
        var result = h.run(logits, boxes, null, null, targets);
        Map<String, INDArray> out = result.getKey();
        JsonNode e = c.get("expected");

        for (int l = 0; l < layers; l++) {
            List<Matching> got = result.getValue().decoderMatchings().get(l);
            for (int b = 0; b < targets.length; b++) {
                JsonNode m = e.get("matching_per_layer").get(l).get(b);
                compareMatching("layer " + l + " image " + b, m, got.get(b), targets[b].length == 0 ? null
                        : HungarianMatcher.cost(rows(logits.slice(l).slice(b)), rows(boxes.slice(l).slice(b)),
                        targets[b], "test"));
            }
            String suffix = l == layers - 1 ? "" : "_" + l;
            JsonNode raw = e.get("losses_raw");
            assertLoss(raw, "loss_class" + suffix, out.get("dec_" + l + "_loss_class"));
            assertLoss(raw, "loss_bbox" + suffix, out.get("dec_" + l + "_loss_bbox"));
            assertLoss(raw, "loss_giou" + suffix, out.get("dec_" + l + "_loss_giou"));
        }
        assertLoss(e, "total_weighted", out.get(SimVGCriterion.TOTAL));
    }

    /**
     * Indices must equal the official ones; where the optimum is tied, the official pairs must cost the same on our
     * cost matrix. The cost matrix itself is compared with the one the official matcher passed to scipy.
     */
    static void compareMatching(String where, JsonNode expected, Matching got, float[][] cost) {
        int[] q = LossFixtures.ints(expected.get("query_idx"));
        int[] g = LossFixtures.ints(expected.get("gt_idx"));
        assertEquals(q.length, got.size(), where + " pairs");
        if (cost == null) {
            return;
        }
        INDArray official = LossFixtures.tensor(expected.get("cost_matrix"));
        for (int i = 0; i < cost.length; i++) {
            for (int j = 0; j < cost[i].length; j++) {
                assertTrue(LossFixtures.close(official.getDouble(i, j), cost[i][j], 1e-5, 1e-5),
                        where + " cost[" + i + "][" + j + "] " + cost[i][j] + " vs " + official.getDouble(i, j));
            }
        }
        double wantTotal = 0;
        double gotTotal = 0;
        for (int k = 0; k < q.length; k++) {
            wantTotal += cost[q[k]][g[k]];
            gotTotal += cost[got.queries()[k]][got.targets()[k]];
        }
        assertEquals(wantTotal, gotTotal, 1e-5, where + " total matching cost");
    }

    static void assertLoss(JsonNode expected, String key, INDArray actual) {
        double want = LossFixtures.value(expected.get(key));
        double got = actual.getDouble(0);
        assertTrue(LossFixtures.close(want, got, 1e-5, 1e-6), key + ": " + got + " vs official " + want);
    }

    static float[][][] targets(JsonNode list) {
        float[][][] t = new float[list.size()][][];
        for (int b = 0; b < t.length; b++) {
            t[b] = LossFixtures.boxes(list.get(b).get("boxes"));
        }
        return t;
    }

    static float[][] rows(INDArray a) {
        float[][] out = new float[(int) a.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getRow(i).dup().data().asFloat();
        }
        return out;
    }
}
