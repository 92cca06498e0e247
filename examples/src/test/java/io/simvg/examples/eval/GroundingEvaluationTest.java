package io.simvg.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.pipeline.SampleMetadata;
import io.simvg.data.pipeline.SimVGBatchIterator;
import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.examples.TestModels;
import io.simvg.zoo.Task;
import io.simvg.zoo.eval.GrecAccuracy;
import io.simvg.zoo.eval.NoTargetBucket;
import io.simvg.zoo.eval.RecAccuracy;
import io.simvg.zoo.eval.RecProtocol;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation runner's bookkeeping, checked with fake predictors whose metrics are known: boxes are handed to the
 * runner in the S×S frame (S = 100, so both axes are rescaled for the 64×48 and 48×64 fixture images) and must be
 * mapped back to original pixels; expected values are worked out here from the fixture's boxes, not by the runner.
 */
class GroundingEvaluationTest {

    static final int FRAME = 100;
    static Beit3Tokenizer tokenizer;

    @BeforeAll
    static void openTokenizer() {
        tokenizer = Beit3Tokenizer.bundled(8);
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    static List<GroundingSample> samples(GroundingDatasetReader reader, String... splits) {
        List<GroundingSample> out = new ArrayList<>();
        for (String s : splits) {
            out.addAll(reader.read(s));
        }
        return out;
    }

    static SimVGBatchIterator batches(List<GroundingSample> samples, int batchSize) {
        int maxBoxes = Math.max(1, samples.stream().mapToInt(s -> s.boxes().size()).max().orElse(1));
        return SimVGBatchIterator.builder(samples, tokenizer).preprocessor(new SimVGPreprocessor(FRAME))
                .batchSize(batchSize).maxBoxes(maxBoxes).workers(1).build();
    }

    /** A box given in original pixels, as the model would return it in the S×S frame. */
    static Detection toFrame(SampleMetadata m, double[] b, double score, int query) {
        return new Detection(b[0], b[1], b[2], b[3], score, query).scaled(m.scaleX(), m.scaleY());
    }

    /**
     * A predictor giving both branches the boxes {@code boxes(rowIndexInSplit, metadata)} (original pixels, handed over
     * in the frame), each at {@code score} unless it carries a fifth value as its own score.
     */
    static BatchPredictor fake(BiFunction<Integer, SampleMetadata, List<double[]>> boxes, double score) {
        int[] seen = {0};
        return batch -> {
            List<SampleMetadata> meta = batch.getExampleMetaData(SampleMetadata.class);
            List<List<Detection>> rows = new ArrayList<>();
            for (SampleMetadata m : meta) {
                List<Detection> row = new ArrayList<>();
                for (double[] b : boxes.apply(seen[0], m)) {
                    row.add(toFrame(m, b, b.length > 4 ? b[4] : score, row.size()));
                }
                rows.add(row);
                seen[0]++;
            }
            Map<Branch, List<List<Detection>>> out = new EnumMap<>(Branch.class);
            out.put(Branch.TOKEN, rows);
            out.put(Branch.DECODER, rows);
            return out;
        };
    }

    static double[] shiftRight(double[] b, double fractionOfWidth) {
        double dx = fractionOfWidth * (b[2] - b[0]);
        return new double[] {b[0] + dx, b[1], b[2] + dx, b[3]};
    }

    @Test
    void recGroundTruthBoxesScorePerfectly() {
        List<GroundingSample> samples = samples(DatasetFormat.open(TestModels.refcoco(), InvalidRecords.failFast()),
                "train", "testB");
        try (SimVGBatchIterator it = batches(samples, 4)) {
            EvaluationResult r = new GroundingEvaluation(Task.REC, List.of(Branch.TOKEN, Branch.DECODER),
                    RecProtocol.ANY_BOX, false, true).run(it, fake((i, m) -> List.of(m.boxesXyxy()), 0.9), n -> { });
            for (Branch b : List.of(Branch.TOKEN, Branch.DECODER)) {
                RecAccuracy acc = (RecAccuracy) r.metrics().get(b);
                assertEquals(samples.size(), acc.samples());
                assertEquals(samples.size(), acc.correct());
                assertEquals(1.0, acc.precision());
                assertEquals(1.0, acc.batchMeanPrecision());
                assertEquals((samples.size() + 3) / 4, acc.batches());
                for (SampleOutcome o : r.samples().get(b)) {
                    assertEquals(1.0, o.rec().iou(), 1e-6, o.sample().source() + ": mapped back to original pixels");
                }
            }
        }
    }

    @Test
    void recShiftedBoxesGiveTheHandComputedPrecisionAndBatchMean() {
        List<GroundingSample> samples = samples(DatasetFormat.open(TestModels.refcoco(), InvalidRecords.failFast()),
                "train", "testB");
        // every third sample shifted by 20 % of its width (IoU 0.8/1.2 = 0.67, a hit), the rest by 45 %
        // (IoU 0.55/1.45 = 0.38, a miss)
        BatchPredictor shifted = fake((i, m) -> List.of(shiftRight(m.boxesXyxy()[0], i % 3 == 0 ? 0.2 : 0.45)), 0.9);
        int batchSize = 4;
        try (SimVGBatchIterator it = batches(samples, batchSize)) {
            EvaluationResult r = new GroundingEvaluation(Task.REC, List.of(Branch.TOKEN), RecProtocol.ANY_BOX, false,
                    true).run(it, shifted, n -> { });
            RecAccuracy acc = (RecAccuracy) r.metrics().get(Branch.TOKEN);
            int hits = 0;
            double batchSum = 0;
            int batchCount = 0;
            for (int start = 0; start < samples.size(); start += batchSize) {
                int end = Math.min(start + batchSize, samples.size());
                int inBatch = 0;
                for (int i = start; i < end; i++) {
                    inBatch += i % 3 == 0 ? 1 : 0;
                }
                hits += inBatch;
                batchSum += (double) inBatch / (end - start);
                batchCount++;
            }
            assertEquals(hits, acc.correct());
            assertEquals((double) hits / samples.size(), acc.precision(), 1e-12);
            assertEquals(batchSum / batchCount, acc.batchMeanPrecision(), 1e-12);
            assertTrue(acc.precision() != acc.batchMeanPrecision(), "the split is chosen so that the two differ");
            SampleOutcome first = r.samples().get(Branch.TOKEN).get(0);
            assertEquals(0.8 / 1.2, first.rec().iou(), 1e-5);
            assertEquals(0.55 / 1.45, r.samples().get(Branch.TOKEN).get(1).rec().iou(), 1e-5);
        }
    }

    @Test
    void groundTruthIsClippedToTheLastPixelAsSimVGLoads() {
        List<GroundingSample> samples = samples(DatasetFormat.open(TestModels.refcoco(), InvalidRecords.failFast()),
                "train");
        try (SimVGBatchIterator it = batches(samples, 8)) {
            EvaluationResult r = new GroundingEvaluation(Task.REC, List.of(Branch.TOKEN), RecProtocol.ANY_BOX, true,
                    true).run(it, fake((i, m) -> List.of(m.boxesXyxy()), 0.9), n -> { });
            SampleOutcome dog = r.samples().get(Branch.TOKEN).stream()
                    .filter(o -> o.sample().expression().equals("dog")).findFirst().orElseThrow();
            // GT [40, 30, 64, 48] in a 64x48 image is compared as [40, 30, 63, 47]: IoU 23*17 / (24*18)
            assertEquals(23.0 * 17 / (24 * 18), dog.rec().iou(), 1e-5);
            assertEquals(63.0, dog.groundTruth().get(0)[2]);
        }
    }

    @Test
    void grecGroundTruthScoresPerfectlyAndMissesAreCounted() {
        List<GroundingSample> samples = samples(DatasetFormat.open(TestModels.grefcoco(), InvalidRecords.failFast()),
                "train", "val", "testA", "testB");
        long noTarget = samples.stream().filter(GroundingSample::noTarget).count();
        assertTrue(noTarget >= 2 && samples.stream().anyMatch(s -> s.boxes().size() > 1), "fixture has both kinds");
        double[] lowScoreJunk = {0, 0, 5, 5, 0.3};
        // all GT boxes at score 0.9 plus one box below the threshold
        BatchPredictor perfect = fake((i, m) -> {
            List<double[]> boxes = new ArrayList<>(List.of(m.boxesXyxy()));
            boxes.add(lowScoreJunk);
            return boxes;
        }, 0.9);
        int batchSize = 4;
        try (SimVGBatchIterator it = batches(samples, batchSize)) {
            GrecAccuracy acc = (GrecAccuracy) new GroundingEvaluation(Task.GREC, List.of(Branch.TOKEN),
                    RecProtocol.ANY_BOX, true, false).run(it, perfect, n -> { }).metrics().get(Branch.TOKEN);
            assertEquals(1.0, acc.precision());
            assertEquals(1.0, acc.nAcc());
            assertEquals(1.0, acc.tAcc());
            assertEquals(noTarget, acc.count(NoTargetBucket.TP));
        }

        // only the first GT box of each sample; the first no-target sample gets a confident box
        int firstNoTarget = samples.indexOf(samples.stream().filter(GroundingSample::noTarget).findFirst()
                .orElseThrow());
        BatchPredictor partial = fake((i, m) -> m.noTarget()
                ? (i == firstNoTarget ? List.of(new double[] {1, 1, 20, 20}) : List.of(lowScoreJunk))
                : List.of(m.boxesXyxy()[0]), 0.9);
        boolean[] correct = new boolean[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            GroundingSample s = samples.get(i);
            correct[i] = s.noTarget() ? i != firstNoTarget : s.boxes().size() == 1;
        }
        try (SimVGBatchIterator it = batches(samples, batchSize)) {
            GrecAccuracy acc = (GrecAccuracy) new GroundingEvaluation(Task.GREC, List.of(Branch.TOKEN),
                    RecProtocol.ANY_BOX, true, false).run(it, partial, n -> { }).metrics().get(Branch.TOKEN);
            int hits = 0;
            double precisionSum = 0;
            double nAccSum = 0;
            int batches = 0;
            for (int start = 0; start < samples.size(); start += batchSize) {
                int end = Math.min(start + batchSize, samples.size());
                int batchHits = 0;
                int silent = 0;
                int fired = 0;
                for (int i = start; i < end; i++) {
                    batchHits += correct[i] ? 1 : 0;
                    if (samples.get(i).noTarget()) {
                        silent += correct[i] ? 1 : 0;
                        fired += correct[i] ? 0 : 1;
                    }
                }
                hits += batchHits;
                precisionSum += (double) batchHits / (end - start);
                nAccSum += silent == 0 ? 0 : (double) silent / (silent + fired);   // SimVG: 0 without a silent one
                batches++;
            }
            assertEquals((double) hits / samples.size(), acc.precision(), 1e-12);
            assertEquals((noTarget - 1.0) / noTarget, acc.nAcc(), 1e-12);
            assertEquals(1.0, acc.tAcc(), "every sample with targets kept a box");
            assertEquals(precisionSum / batches, acc.batchMeanPrecision(), 1e-12);
            assertEquals(nAccSum / batches, acc.batchMeanNAcc(), 1e-12);
        }
    }

    @Test
    void branchesAreScoredSeparately() {
        List<GroundingSample> samples = samples(DatasetFormat.open(TestModels.refcoco(), InvalidRecords.failFast()),
                "val");
        BatchPredictor perBranch = batch -> {
            List<SampleMetadata> meta = batch.getExampleMetaData(SampleMetadata.class);
            Map<Branch, List<List<Detection>>> out = new EnumMap<>(Branch.class);
            out.put(Branch.TOKEN, meta.stream().map(m -> List.of(toFrame(m, m.boxesXyxy()[0], 0.9, 0))).toList());
            out.put(Branch.DECODER, meta.stream()
                    .map(m -> List.of(toFrame(m, shiftRight(m.boxesXyxy()[0], 0.6), 0.9, 0))).toList());
            return out;
        };
        try (SimVGBatchIterator it = batches(samples, 2)) {
            EvaluationResult r = new GroundingEvaluation(Task.REC, List.of(Branch.TOKEN, Branch.DECODER),
                    RecProtocol.ANY_BOX, false, false).run(it, perBranch, n -> { });
            assertEquals(1.0, ((RecAccuracy) r.metrics().get(Branch.TOKEN)).precision());
            assertEquals(0.0, ((RecAccuracy) r.metrics().get(Branch.DECODER)).precision());
        }
    }
}
