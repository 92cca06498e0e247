package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.DatasetFormat;
import io.simvg.data.InvalidRecords;
import io.simvg.examples.viz.BoxPainter;
import io.simvg.zoo.SimVGConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code simvg eval} and {@code simvg predict} end to end with a TINY model of random weights: the metric values
 * mean nothing, but the commands must run the model, account for every sample, keep boxes inside the original image
 * and write what they promise.
 */
class CommandsTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = TestModels.write(dir, "tiny-rec.simvg", SimVGConfig.TINY);
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void evalScoresBothBranchesOfEverySampleAndWritesTheReport() throws IOException {
        Path report = dir.resolve("reports/rec.json");
        int n = DatasetFormat.open(TestModels.refcoco(), InvalidRecords.failFast()).read("train").size();
        TestModels.Run r = TestModels.run("eval", "--model", model.toString(), "--data",
                TestModels.refcoco().toString(), "--split", "train", "--batch", "4", "--report", report.toString(),
                "--per-sample");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("token branch, REC, " + n + " samples in 2 batches"), r.out());
        assertTrue(r.out().contains("decoder branch, REC"), r.out());
        assertTrue(r.err().contains("2/2"), "progress bar on stderr: " + r.err());
        JsonNode root = json(report);
        assertEquals("REC", root.get("task").asText());
        assertEquals("train", root.get("split").asText());
        for (String branch : new String[] {"token", "decoder"}) {
            JsonNode b = root.get("branches").get(branch);
            assertEquals(n, b.get("counts").get("samples").asInt());
            assertEquals(2, b.get("per_batch").size());
            double p = b.get("figures").get("prec@0.5").asDouble();
            assertTrue(p >= 0 && p <= 1, "precision " + p);
            JsonNode samples = root.get("per_sample").get(branch);
            assertEquals(n, samples.size());
            int correct = 0;
            for (JsonNode s : samples) {
                correct += s.get("correct").asBoolean() ? 1 : 0;
                for (JsonNode box : s.get("predictions")) {
                    assertTrue(box.get("x1").asDouble() >= 0 && box.get("x2").asDouble() <= s.get("width").asDouble()
                            + 1e-3, "box inside the original image: " + box);
                    assertTrue(box.get("y1").asDouble() >= 0 && box.get("y2").asDouble() <= s.get("height").asDouble()
                            + 1e-3, "box inside the original image: " + box);
                }
            }
            assertEquals(correct, b.get("counts").get("correct").asInt(), "per-sample outcomes add up to the count");
        }
    }

    @Test
    void evalDefaultsToGrecOnGRefCocoAndReadsOneBranch() throws IOException {
        Path report = dir.resolve("grec.json");
        TestModels.Run r = TestModels.run("eval", "--model", model.toString(), "--data",
                TestModels.grefcoco().toString(), "--split", "train", "--branch", "token", "--report",
                report.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode root = json(report);
        assertEquals("GREC", root.get("task").asText(), "gRefCOCO has multi- and no-target samples");
        assertFalse(root.get("branches").has("decoder"));
        JsonNode counts = root.get("branches").get("token").get("counts");
        assertEquals(counts.get("samples").asInt(),
                counts.get("no_target").asInt() + counts.get("with_target").asInt());
        assertTrue(root.get("branches").get("token").get("figures").has("n_acc"));
    }

    @Test
    void predictPrintsBoxesInOriginalPixelsAndDrawsThem() throws IOException {
        Path image = TestModels.datasets().resolve("seqtr/images/mscoco/train2014/COCO_train2014_000000100002.jpg");
        Path png = dir.resolve("annotated.png");
        TestModels.Run r = TestModels.run("predict", "--model", model.toString(), "--image", image.toString(),
                "--text", "small cup", "--out", png.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(48, out.get("width").asInt());
        assertEquals(64, out.get("height").asInt());
        assertEquals("REC", out.get("task").asText());
        assertEquals("token", out.get("branch").asText());
        assertTrue(out.get("boxes").size() <= 1, "REC: the best box");
        for (JsonNode b : out.get("boxes")) {
            assertTrue(b.get("x1").asDouble() >= 0 && b.get("x2").asDouble() <= 48 + 1e-3, b.toString());
            assertTrue(b.get("y1").asDouble() >= 0 && b.get("y2").asDouble() <= 64 + 1e-3, b.toString());
        }
        BufferedImage drawn = ImageIO.read(png.toFile());
        int k = BoxPainter.scaleFor(48, 64);
        assertEquals(48 * k, drawn.getWidth(), "enlarged for legibility");
        assertTrue(drawn.getHeight() > 64 * k, "caption strip below the picture");
    }

    @Test
    void predictBatchFileWritesOneArrayAndOnePngPerItem() throws IOException {
        Path images = TestModels.datasets().resolve("seqtr/images/mscoco/train2014");
        Path list = dir.resolve("batch/list.json");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "[{\"image\": \"" + images.resolve("COCO_train2014_000000100001.jpg")
                + "\", \"text\": \"left woman\"}, {\"image\": \"" + images.resolve("COCO_train2014_000000100003.jpg")
                + "\", \"text\": \"long car\"}]");
        Path outDir = dir.resolve("batch/out");
        TestModels.Run r = TestModels.run("predict", "--model", model.toString(), "--batch-file", list.toString(),
                "--out-dir", outDir.toString(), "--branch", "decoder");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode array = json(outDir.resolve("predictions.json"));
        assertEquals(2, array.size());
        assertEquals("long car", array.get(1).get("text").asText());
        assertEquals("decoder", array.get(0).get("branch").asText());
        for (JsonNode item : array) {
            assertTrue(Files.isRegularFile(Path.of(item.get("annotated").asText())), item.toString());
        }
        try (var files = Files.list(outDir)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".png")).count());
        }
    }
}
