package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Dynamic weight-balance distillation against the official head on every case of {@code dwbd.json}. */
class DwbdTest {

    @TestFactory
    Stream<DynamicTest> reproducesTheOfficialHead() {
        return LossFixtures.cases("dwbd.json").stream().map(c -> DynamicTest.dynamicTest(
                "dwbd " + c.get("id").asText(), () -> check(c)));
    }

    static void check(JsonNode c) {
        JsonNode in = c.get("inputs");
        JsonNode e = c.get("expected");
        INDArray decLogits = LossFixtures.tensor(in.get("decoder_pred_logits"));
        INDArray decBoxes = LossFixtures.tensor(in.get("decoder_pred_boxes"));
        float[][][] targets = SetCriterionTest.targets(in.get("targets_gt"));
        CriterionHarness h = new CriterionHarness(c.get("L_decoder").asInt(), c.get("Nq").asInt(),
                TrainingStage.ONE_STAGE, c.get("gamma_token").asDouble(), c.get("gamma_distill").asDouble());
        var result = h.run(decLogits, decBoxes, LossFixtures.tensor(in.get("token_pred_logits")),
                LossFixtures.tensor(in.get("token_pred_boxes")), targets);
        Map<String, INDArray> out = result.getKey();
        DynamicWeightBalanceDistillation.Result dwbd = result.getValue().distillation();

        INDArray scores = LossFixtures.tensor(e.get("decoder_last_scores"));
        float[][] got = HungarianMatcher.objectScores(decLogits.slice(decLogits.size(0) - 1), "scores");
        for (int b = 0; b < got.length; b++) {
            for (int q = 0; q < got[b].length; q++) {
                assertEquals(scores.getDouble(b, q), got[b][q], 1e-6, "decoder score [" + b + "][" + q + "]");
            }
        }
        for (int b = 0; b < targets.length; b++) {
            JsonNode p = e.get("pseudo_targets").get(b);
            Matching m = dwbd.matchings().get(b);
            assertArrayEquals(LossFixtures.ints(p.get("source_decoder_query_idx")), m.queries(), "image " + b);
            assertArrayEquals(LossFixtures.ints(p.get("matched_gt_idx")), m.targets(), "image " + b);
            float[][] boxes = LossFixtures.boxes(p.get("boxes"));
            INDArray w = LossFixtures.tensor(p.get("weight"));
            for (int k = 0; k < boxes.length; k++) {
                assertArrayEquals(boxes[k], dwbd.pseudoTargets()[b][k], 1e-7f, "pseudo box " + b + "/" + k);
                assertEquals(w.getDouble(k), dwbd.pairWeights()[b][k], 1e-6, "pair weight " + b + "/" + k);
            }
        }

        JsonNode guarded = e.get("guarded_W0_if_no_gt");
        double officialW = LossFixtures.value(e.get("W_dt"));
        if (Double.isNaN(officialW)) { // the official NaN of a batch without any target: guarded to 0
            assertEquals(0.0, dwbd.weight(), 0.0, "W_dt of a batch without targets");
        }
        assertClose("W_dt", guarded.get("W_dt"), dwbd.weight());
        assertTrue(Double.isFinite(out.get(SimVGCriterion.TOTAL).getDouble(0)), "never NaN");

        for (int l = 0; l < h.layers; l++) {
            String suffix = l == h.layers - 1 ? "" : "_" + l;
            JsonNode dec = e.get("decoder_losses_weighted");
            assertClose("decoder loss_class" + suffix, dec.get("loss_class" + suffix),
                    out.get("dec_" + l + "_loss_class").getDouble(0));
            assertClose("decoder loss_bbox" + suffix, dec.get("loss_bbox" + suffix),
                    5 * out.get("dec_" + l + "_loss_bbox").getDouble(0));
            assertClose("decoder loss_giou" + suffix, dec.get("loss_giou" + suffix),
                    2 * out.get("dec_" + l + "_loss_giou").getDouble(0));
        }
        for (String set : new String[] {"gt", "kd"}) {
            JsonNode terms = e.get("token_" + set + "_losses_weighted");
            assertClose("token " + set + " class", terms.get("loss_class"), out.get("tok_" + set + "_loss_class").getDouble(0));
            assertClose("token " + set + " bbox", terms.get("loss_bbox"), 5 * out.get("tok_" + set + "_loss_bbox").getDouble(0));
            assertClose("token " + set + " giou", terms.get("loss_giou"), 2 * out.get("tok_" + set + "_loss_giou").getDouble(0));
        }
        assertClose("L_set_decoder_sum", e.get("L_set_decoder_sum"), out.get("loss_dgt").getDouble(0));
        assertClose("L_set_token_gt", e.get("L_set_token_gt"), out.get("tok_gt_loss").getDouble(0));
        assertClose("L_set_token_kd", e.get("L_set_token_kd"), out.get("tok_kd_loss").getDouble(0));
        assertClose("loss_tgt", guarded.get("loss_tgt"), out.get("loss_tgt").getDouble(0));
        assertClose("loss_kd", guarded.get("loss_kd"), out.get("loss_kd").getDouble(0));
        assertClose("loss_total", guarded.get("loss_total"), out.get(SimVGCriterion.TOTAL).getDouble(0));
    }

    static void assertClose(String what, JsonNode expected, double actual) {
        double want = LossFixtures.value(expected);
        assertTrue(LossFixtures.close(want, actual, 1e-5, 1e-6), what + ": " + actual + " vs official " + want);
    }
}
