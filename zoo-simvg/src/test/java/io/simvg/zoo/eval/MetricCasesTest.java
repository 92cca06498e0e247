package io.simvg.zoo.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.simvg.zoo.predict.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The metric cases of {@code grec_metrics.json} (METRICS.md §3), from the file named by the system property
 * {@value #PROPERTY} (default: the shared fixture): every GREC case, the GREC aggregates (global and SimVG's batched
 * values), every REC case with its aggregate, and the Flickr ANY-BOX / MERGED-BOX cases.
 */
class MetricCasesTest {

    static final String PROPERTY = "simvg.metrics.cases";
    /** GIoU, IoU and F1 values in the file are rounded to 6 decimals. */
    static final double ROUNDED = 1e-6;

    private static JsonNode root;

    static synchronized JsonNode root() {
        if (root == null) {
            String p = System.getProperty(PROPERTY);
            Path file = p != null ? Path.of(p)
                    : Path.of("..", "..", "shared", "fixtures", "metrics", "grec_metrics.json");
            if (!Files.isRegularFile(file)) {
                fail("metric cases not found: " + file.toAbsolutePath() + " (set -D" + PROPERTY + ")");
            }
            try {
                root = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return root;
    }

    static List<Detection> predictions(JsonNode c) {
        List<Detection> out = new ArrayList<>();
        for (JsonNode p : c.get("predictions")) {
            double[] b = box(p.get("box_xyxy"));
            out.add(new Detection(b[0], b[1], b[2], b[3], p.get("score").asDouble(), out.size()));
        }
        return out;
    }

    static List<double[]> boxes(JsonNode array) {
        List<double[]> out = new ArrayList<>();
        array.forEach(b -> out.add(box(b)));
        return out;
    }

    static double[] box(JsonNode b) {
        return new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()};
    }

    static GrecSampleResult evaluate(JsonNode c) {
        return new GrecEvaluator().evaluate(predictions(c), boxes(c.get("gt_boxes_xyxy")));
    }

    @TestFactory
    Stream<DynamicTest> everyGrecCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root().get("grec_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> checkGrecCase(c)));
        }
        assertTrue(tests.size() > 0, "no grec_cases");
        return tests.stream();
    }

    private static void checkGrecCase(JsonNode c) {
        JsonNode e = c.get("expected");
        String id = c.get("id").asText();
        GrecSampleResult r = evaluate(c);
        assertEquals(c.get("no_target").asBoolean(), r.noTarget(), id);
        assertEquals(e.get("num_pred_kept").asInt(), r.kept(), id + " kept");
        assertEquals(e.get("TP").asInt(), r.tp(), id + " TP");
        assertEquals(e.get("FP").asInt(), r.fp(), id + " FP");
        assertEquals(e.get("FN").asInt(), r.fn(), id + " FN");
        assertEquals(e.get("F1").asDouble(), r.f1(), ROUNDED, id + " F1");
        assertEquals(e.get("success_f1_eq_1").asBoolean(), r.success(), id + " success");
        assertEquals(NoTargetBucket.valueOf(e.get("nt_bucket").asText()), r.bucket(), id + " nt bucket");
        JsonNode giou = e.get("giou_kept_preds_x_gts");
        if (giou != null && !giou.isNull()) {
            assertEquals(giou.size(), r.giou().length, id + " GIoU rows");
            for (int i = 0; i < giou.size(); i++) {
                double[] expectedRow = new double[giou.get(i).size()];
                for (int j = 0; j < expectedRow.length; j++) {
                    expectedRow[j] = giou.get(i).get(j).asDouble();
                }
                assertArrayEquals(expectedRow, r.giou()[i], ROUNDED, id + " GIoU row " + i);
            }
        }
        JsonNode matches = e.get("greedy_matches_[pred_idx,gt_idx,giou]");
        if (matches != null && !matches.isNull()) {
            assertEquals(matches.size(), r.matches().size(), id + " matches");
            for (int k = 0; k < matches.size(); k++) {
                GreedyMatch m = r.matches().get(k);
                assertEquals(matches.get(k).get(0).asInt(), m.pred(), id + " match " + k + " pred");
                assertEquals(matches.get(k).get(1).asInt(), m.gt(), id + " match " + k + " gt");
                assertEquals(matches.get(k).get(2).asDouble(), m.giou(), ROUNDED, id + " match " + k + " giou");
            }
        }
    }

    @Test
    void grecAggregateOverTheWholeSplit() {
        JsonNode agg = root().get("grec_aggregate");
        GrecAccuracy acc = new GrecAccuracy();
        List<GrecSampleResult> all = new ArrayList<>();
        root().get("grec_cases").forEach(c -> all.add(evaluate(c)));
        acc.addBatch(all);
        assertEquals(agg.get("num_samples").asInt(), acc.samples());
        assertEquals(agg.get("num_no_target").asInt(), acc.counts().get("no_target"));
        assertEquals(agg.get("num_with_target").asInt(), acc.counts().get("with_target"));
        assertEquals(agg.get("num_correct_f1_eq_1").asInt(), acc.correct());
        assertEquals(agg.get("precision_at_f1_1_iou_0.5").asDouble(), acc.precision(), 1e-12);
        assertEquals(agg.get("N_acc").asDouble(), acc.nAcc(), 1e-12);
        assertEquals(agg.get("T_acc").asDouble(), acc.tAcc(), 1e-12);
        JsonNode nt = agg.get("nt_counts");
        assertEquals(nt.get("TP(no-target, silent)").asInt(), acc.count(NoTargetBucket.TP));
        assertEquals(nt.get("FN(no-target, fired)").asInt(), acc.count(NoTargetBucket.FN));
        assertEquals(nt.get("TN(target, >=1 pred)").asInt(), acc.count(NoTargetBucket.TN));
        assertEquals(nt.get("FP(target, 0 pred)").asInt(), acc.count(NoTargetBucket.FP));
        JsonNode mdetr = agg.get("official_mdetr_summarize");
        assertEquals(mdetr.get("F1_score").asDouble(), acc.precision(), 1e-12);
        assertEquals(mdetr.get("N_acc").asDouble(), acc.nAcc(), 1e-12);
        assertEquals(mdetr.get("T_acc").asDouble(), acc.tAcc(), 1e-12);
        JsonNode single = agg.get("official_simvg_single_batch_[f1x100,naccx100]");
        assertEquals(single.get(0).asDouble(), 100 * acc.batchMeanPrecision(), 1e-4, "one batch: SimVG = global");
        assertEquals(single.get(1).asDouble(), 100 * acc.batchMeanNAcc(), 1e-4);
    }

    @Test
    void grecAggregateAsSimVGReportsItPerBatch() {
        JsonNode batched = root().get("grec_aggregate").get("simvg_reported_if_batched");
        int batchSize = batched.get("batch_size").asInt();
        List<GrecSampleResult> all = new ArrayList<>();
        root().get("grec_cases").forEach(c -> all.add(evaluate(c)));
        GrecAccuracy acc = new GrecAccuracy();
        for (int i = 0; i < all.size(); i += batchSize) {
            acc.addBatch(all.subList(i, Math.min(i + batchSize, all.size())));
        }
        JsonNode perBatch = batched.get("per_batch_[f1x100,naccx100]");
        assertEquals(perBatch.size(), acc.batches());
        for (int b = 0; b < perBatch.size(); b++) {
            assertEquals(perBatch.get(b).get(0).asDouble(), 100 * acc.perBatch().get(b).get("precision"), 1e-4,
                    "batch " + b + " precision");
            assertEquals(perBatch.get(b).get(1).asDouble(), 100 * acc.perBatch().get(b).get("n_acc"), 1e-4,
                    "batch " + b + " N-acc");
        }
        assertEquals(batched.get("mean_f1x100").asDouble(), 100 * acc.batchMeanPrecision(), 1e-4);
        assertEquals(batched.get("mean_naccx100").asDouble(), 100 * acc.batchMeanNAcc(), 1e-4);
        JsonNode agg = root().get("grec_aggregate");
        assertEquals(agg.get("precision_at_f1_1_iou_0.5").asDouble(), acc.precision(), 1e-12,
                "batching leaves the global values alone");
        assertEquals(agg.get("N_acc").asDouble(), acc.nAcc(), 1e-12);
    }

    @TestFactory
    Stream<DynamicTest> everyRecCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root().get("rec_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> {
                RecSampleResult r = RecProtocol.ANY_BOX.evaluate(box(c.get("pred_xyxy")),
                        List.of(box(c.get("gt_xyxy"))));
                assertEquals(c.get("iou").asDouble(), r.iou(), ROUNDED, "IoU");
                assertEquals(c.get("correct_at_0.5").asBoolean(), r.correct(), "correct");
                assertEquals(c.get("giou").asDouble(), BoxOverlap.giou(box(c.get("pred_xyxy")), box(c.get("gt_xyxy"))),
                        ROUNDED, "GIoU");
            }));
        }
        assertTrue(tests.size() > 0, "no rec_cases");
        return tests.stream();
    }

    @Test
    void recAggregate() {
        RecAccuracy acc = new RecAccuracy();
        List<RecSampleResult> all = new ArrayList<>();
        for (JsonNode c : root().get("rec_cases")) {
            all.add(RecProtocol.ANY_BOX.evaluate(box(c.get("pred_xyxy")), List.of(box(c.get("gt_xyxy")))));
        }
        acc.addBatch(all);
        JsonNode agg = root().get("rec_aggregate");
        assertEquals(agg.get("num_samples").asInt(), acc.samples());
        assertEquals(agg.get("prec_at_0.5").asDouble(), acc.precision(), 1e-12);
        assertEquals(acc.precision(), acc.batchMeanPrecision(), 1e-12, "one batch");
    }

    @Test
    void recBatchMeanOverWeightsAShortLastBatch() {
        // 3 batches of the 8 cases: sizes 3, 3, 2; the per-batch shares are counted here from the fixture's flags.
        List<RecSampleResult> all = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        for (JsonNode c : root().get("rec_cases")) {
            all.add(RecProtocol.ANY_BOX.evaluate(box(c.get("pred_xyxy")), List.of(box(c.get("gt_xyxy")))));
            flags.add(c.get("correct_at_0.5").asBoolean());
        }
        RecAccuracy acc = new RecAccuracy();
        double sum = 0;
        int batches = 0;
        for (int i = 0; i < all.size(); i += 3) {
            int end = Math.min(i + 3, all.size());
            acc.addBatch(all.subList(i, end));
            sum += flags.subList(i, end).stream().filter(f -> f).count() / (double) (end - i);
            batches++;
        }
        assertEquals(sum / batches, acc.batchMeanPrecision(), 1e-12);
        assertEquals(batches, acc.batches());
    }

    @TestFactory
    Stream<DynamicTest> flickrAnyBoxAndMergedBox() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root().get("flickr_protocol_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> {
                double[] pred = box(c.get("pred_xyxy"));
                List<double[]> gt = boxes(c.get("gt_boxes_xyxy"));
                RecSampleResult any = RecProtocol.ANY_BOX.evaluate(pred, gt);
                RecSampleResult merged = RecProtocol.MERGED_BOX.evaluate(pred, gt);
                assertEquals(c.get("any_box_iou").asDouble(), any.iou(), ROUNDED);
                assertEquals(c.get("correct_any_box").asBoolean(), any.correct());
                assertEquals(c.get("merged_box_iou").asDouble(), merged.iou(), ROUNDED);
                assertEquals(c.get("correct_merged_box").asBoolean(), merged.correct());
                assertEquals(c.get("merged_box_iou").asDouble(),
                        BoxOverlap.iou(pred, box(c.get("merged_gt_xyxy"))), ROUNDED, "stored merged box");
            }));
        }
        return tests.stream();
    }

    @Test
    void noPredictionIsAMissAndDegenerateBoxesAreNamed() {
        assertEquals(new RecSampleResult(0, false),
                RecProtocol.ANY_BOX.evaluate(null, List.of(new double[] {0, 0, 1, 1})));
        GrecSampleResult empty = new GrecEvaluator().evaluate(List.of(), List.of(new double[] {0, 0, 10, 10}));
        assertEquals(NoTargetBucket.FP, empty.bucket());
        assertEquals(0.0, empty.f1());
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BoxOverlap.giou(new double[] {5, 0, 1, 1}, new double[] {0, 0, 1, 1}));
        assertTrue(ex.getMessage().contains("x2 >= x1"), ex.getMessage());
    }
}
