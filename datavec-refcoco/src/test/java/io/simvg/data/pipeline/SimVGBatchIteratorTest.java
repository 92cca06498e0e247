package io.simvg.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.ExpectedSamples;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.image.ImageDecoder;
import io.simvg.data.image.ImageOps;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.seqtr.SeqTrJsonReader;
import io.simvg.data.text.Beit3Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Batches built from the fixtures through readers, preprocessing, tokenizer and iterator, checked against values
 * worked out here from the decoded images and from SimVG's own loader output ({@code gt_bbox_loader} in expected.json).
 */
class SimVGBatchIteratorTest {

    private static final int S = 32;
    private static Beit3Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Beit3Tokenizer.bundled();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static SeqTrJsonReader grec() {
        String file = ExpectedSamples.dataset("seqtr_json/grefs_grec").get("file").asText();
        Path instances = ExpectedSamples.dir().resolve(file);
        return new SeqTrJsonReader(instances.getParent().getParent().getParent(), "grefs_grec");
    }

    @Test
    void batchesMatchHandComputedTargetsAndPixels() {
        List<GroundingSample> samples = grec().read("train");
        JsonNode expected = ExpectedSamples.dataset("seqtr_json/grefs_grec").get("splits").get("train").get("samples");
        int maxBoxes = 3;
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(samples, tokenizer).preprocessor(new SimVGPreprocessor(S))
                .batchSize(2).maxBoxes(maxBoxes).build()) {
            int row = 0;
            while (it.hasNext()) {
                MultiDataSet batch = it.next();
                int b = (int) batch.getFeatures(SimVGBatchIterator.IMAGE).size(0);
                assertArrayEquals(new long[] {b, 3, S, S}, batch.getFeatures(SimVGBatchIterator.IMAGE).shape());
                assertArrayEquals(new long[] {b, 20}, batch.getFeatures(SimVGBatchIterator.TOKENS).shape());
                assertEquals(DataType.INT64, batch.getFeatures(SimVGBatchIterator.TOKENS).dataType());
                assertArrayEquals(new long[] {b, 20}, batch.getFeatures(SimVGBatchIterator.TEXT_MASK).shape());
                assertArrayEquals(new long[] {b, maxBoxes, 4}, batch.getLabels(SimVGBatchIterator.BOXES).shape());
                assertArrayEquals(new long[] {b, maxBoxes}, batch.getLabels(SimVGBatchIterator.BOX_MASK).shape());
                List<?> meta = batch.getExampleMetaData();
                for (int i = 0; i < b; i++, row++) {
                    checkRow(batch, i, samples.get(row), expected.get(row), (SampleMetadata) meta.get(i), maxBoxes);
                }
            }
            assertEquals(samples.size(), row);
        }
    }

    private static void checkRow(MultiDataSet batch, int i, GroundingSample s, JsonNode e, SampleMetadata meta,
                                 int maxBoxes) {
        String at = s.source().toString();
        // text: <s> ... </s>, then pad id 1 exactly where the mask says padding
        INDArray ids = batch.getFeatures(SimVGBatchIterator.TOKENS).getRow(i);
        INDArray mask = batch.getFeatures(SimVGBatchIterator.TEXT_MASK).getRow(i);
        int n = 0;
        while (n < 20 && mask.getFloat(n) == 0f) {
            n++;
        }
        assertTrue(n >= 3, at + ": at least <s>, one piece, </s>");
        assertEquals(0, ids.getLong(0), at);
        assertEquals(2, ids.getLong(n - 1), at);
        for (int t = n; t < 20; t++) {
            assertEquals(1f, mask.getFloat(t), at + " mask " + t);
            assertEquals(1, ids.getLong(t), at + " pad id " + t);
        }
        // boxes: SimVG's clipped loader boxes (original pixels) -> x S/W -> / S -> cxcywh, zero-padded with mask 0
        int w = e.get("image_size").get(0).asInt();
        int h = e.get("image_size").get(1).asInt();
        List<double[]> gt = new ArrayList<>();
        if (!e.path("no_target").asBoolean(false)) {
            for (JsonNode bb : e.get("gt_bbox_loader")) {
                gt.add(new double[] {bb.get(0).asDouble(), bb.get(1).asDouble(), bb.get(2).asDouble(), bb.get(3).asDouble()});
            }
        }
        INDArray boxes = batch.getLabels(SimVGBatchIterator.BOXES).get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
        INDArray boxMask = batch.getLabels(SimVGBatchIterator.BOX_MASK).getRow(i);
        for (int g = 0; g < maxBoxes; g++) {
            if (g < gt.size()) {
                double[] b = gt.get(g);
                double x1 = b[0] / w, y1 = b[1] / h, x2 = b[2] / w, y2 = b[3] / h;
                double[] cxcywh = {(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1};
                for (int k = 0; k < 4; k++) {
                    assertEquals(cxcywh[k], boxes.getDouble(g, k), 1e-6, at + " box " + g + "[" + k + "]");
                }
                assertEquals(1f, boxMask.getFloat(g), at);
            } else {
                assertEquals(0f, boxMask.getFloat(g), at + " padding box " + g);
                assertEquals(0.0, boxes.getRow(g).sumNumber().doubleValue(), 0.0, at);
            }
        }
        // pixels: RGB channel c at (y, x) = (BGR byte of the bilinear S x S resize - mean_c) / std_c
        INDArray img = batch.getFeatures(SimVGBatchIterator.IMAGE);
        try (Mat decoded = ImageDecoder.decode(s.image(), s.source()); Mat resized = ImageOps.resize(decoded, S, S)) {
            int[][] probes = {{0, 0}, {5, 17}, {S - 1, S - 1}, {20, 3}};
            for (int[] p : probes) {
                for (int c = 0; c < 3; c++) {
                    int bgr = resized.ptr(p[0], p[1]).get(2 - c) & 0xFF;
                    double want = (bgr - SimVGPreprocessor.MEAN[c]) / SimVGPreprocessor.STD[c];
                    assertEquals(want, img.getDouble(i, c, p[0], p[1]), 1e-5, at + " pixel " + c + "," + p[0] + "," + p[1]);
                }
            }
        }
        // metadata for evaluation
        assertEquals(s.image().toString(), meta.image());
        assertEquals(s.expression(), meta.expression());
        assertEquals(w, meta.width());
        assertEquals(h, meta.height());
        assertEquals(gt.size(), meta.boxesXyxy().length);
        assertEquals((float) ((double) S / w), meta.scaleX());
    }

    @Test
    void shuffleIsSeededAndChangesPerEpoch() {
        List<GroundingSample> samples = grec().read("train");
        List<String> first = order(samples, 7, 0);
        assertEquals(first, order(samples, 7, 0), "same seed, same order");
        assertNotEquals(first, order(samples, 7, 3), "later epochs reshuffle");
    }

    private static List<String> order(List<GroundingSample> samples, long seed, int epoch) {
        List<String> out = new ArrayList<>();
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(samples, tokenizer).preprocessor(new SimVGPreprocessor(S))
                .batchSize(2).maxBoxes(3).shuffle(true).seed(seed).build()) {
            for (int e = 0; e < epoch; e++) {
                it.reset();
            }
            while (it.hasNext()) {
                for (Object m : it.next().getExampleMetaData()) {
                    out.add(((SampleMetadata) m).source());
                }
            }
        }
        return out;
    }

    @Test
    void startingAtALaterEpochAndBatchGivesTheBatchesThatWouldHaveFollowed() {
        List<GroundingSample> samples = grec().read("train");
        SimVGPreprocessor jitter = new SimVGPreprocessor(S, io.simvg.data.image.LargeScaleJitter.simvg(S));
        List<MultiDataSet> reference = new ArrayList<>();
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(samples, tokenizer).preprocessor(jitter).batchSize(2)
                .maxBoxes(3).shuffle(true).seed(5).build()) {
            it.reset();
            it.reset();
            it.next();                                            // epoch 2, batch 1 done
            while (it.hasNext()) {
                reference.add(it.next());
            }
            it.reset();
            reference.add(it.next());                             // first batch of epoch 3
        }
        assertTrue(reference.size() >= 3, "the fixture gives several batches per epoch");
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(samples, tokenizer).preprocessor(jitter).batchSize(2)
                .maxBoxes(3).shuffle(true).seed(5).firstEpoch(2).skipBatches(1).build()) {
            assertEquals(2, it.epoch());
            List<MultiDataSet> got = new ArrayList<>();
            while (it.hasNext()) {
                got.add(it.next());
            }
            it.reset();
            got.add(it.next());
            assertEquals(reference.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(reference.get(i).getFeatures(0), got.get(i).getFeatures(0), "pixels of batch " + i);
                assertEquals(reference.get(i).getFeatures(1), got.get(i).getFeatures(1), "tokens of batch " + i);
                assertEquals(reference.get(i).getLabels(0), got.get(i).getLabels(0), "boxes of batch " + i);
            }
        }
    }

    @Test
    void invalidSamplesFailOrAreSkippedAndCounted() {
        List<GroundingSample> samples = new ArrayList<>(grec().read("val"));
        GroundingSample good = samples.get(0);
        samples.add(1, new GroundingSample(good.dataset(), good.split(), good.image().resolveSibling("gone.jpg"),
                good.expression(), good.boxes(), 0, 0, new RecordSource(good.source().file(), "val[9] expression 0")));
        samples.add(new GroundingSample(good.dataset(), good.split(), good.image(), "?!...", good.boxes(), 0, 0,
                new RecordSource(good.source().file(), "val[10] expression 0")));

        try (SimVGBatchIterator strict = SimVGBatchIterator.builder(samples, tokenizer)
                .preprocessor(new SimVGPreprocessor(S)).batchSize(2).maxBoxes(3).build()) {
            GroundingDataException e = assertThrows(GroundingDataException.class, strict::next);
            assertTrue(e.getMessage().contains("val[9] expression 0") && e.getMessage().contains("gone.jpg"),
                    e.getMessage());
        }
        InvalidRecords skip = InvalidRecords.skipAndLog();
        int rows = 0;
        try (SimVGBatchIterator lenient = SimVGBatchIterator.builder(samples, tokenizer)
                .preprocessor(new SimVGPreprocessor(S)).batchSize(2).maxBoxes(3).invalidRecords(skip).build()) {
            while (lenient.hasNext()) {
                rows += (int) lenient.next().getFeatures(0).size(0);
            }
        }
        assertEquals(samples.size() - 2, rows);
        assertEquals(2, skip.skippedCount());
        assertTrue(skip.skippedMessages().get(1).contains("val[10] expression 0"), skip.skippedMessages().toString());
        assertFalse(skip.skippedMessages().get(1).isEmpty());
    }
}
