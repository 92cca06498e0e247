package io.simvg.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.RecordSource;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Decode, box clipping, stretch resize and normalisation against OpenCV's Python bindings running SimVG's mmcv steps
 * ({@code scripts/preprocess/make_reference.py}).
 */
class SimVGPreprocessorTest {

    /** One grey level of the 0–255 input, normalised: far above float rounding, the size of a ±1 interpolation step. */
    private static final double PIXEL_TOLERANCE = 1e-4;

    @TestFactory
    Stream<DynamicTest> matchesOpenCvReference() throws Exception {
        Path dir = resourceDir();
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("preprocess_reference.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            String name = c.get("image").asText() + " " + c.get("bbox_xywh") + " at " + c.get("size");
            tests.add(DynamicTest.dynamicTest(name, () -> check(dir, c)));
        }
        return tests.stream();
    }

    private static void check(Path dir, JsonNode c) {
        Path image = dir.resolve(c.get("image").asText());
        JsonNode xywh = c.get("bbox_xywh");
        BoxXyxy box = BoxXyxy.fromXywh(xywh.get(0).asDouble(), xywh.get(1).asDouble(), xywh.get(2).asDouble(),
                xywh.get(3).asDouble());
        RecordSource src = new RecordSource(image, "test");
        try (Mat decoded = ImageDecoder.decode(image, src)) {
            byte[] bytes = new byte[decoded.rows() * decoded.cols() * 3];
            decoded.data().get(bytes);
            long sum = 0;
            for (byte b : bytes) {
                sum += b & 0xFF;
            }
            assertEquals(c.get("decoded_bgr_sum").asLong(), sum, "decoded BGR bytes");
        }
        int size = c.get("size").asInt();
        GroundingSample s = new GroundingSample("t", "val", image, "x", List.of(box), 0, 0, src);
        SimVGPreprocessor.Prepared p = new SimVGPreprocessor(size).prepare(s, null);
        assertEquals(c.get("width").asInt(), p.width());
        assertEquals(c.get("height").asInt(), p.height());
        for (int k = 0; k < 4; k++) {
            assertEquals(c.get("box_xyxy").get(k).asDouble(), p.boxes().get(0)[k], 1e-9, "box coordinate " + k);
        }
        double sumPx = 0;
        double sq = 0;
        for (float v : p.pixels()) {
            sumPx += v;
            sq += (double) v * v;
        }
        int n = p.pixels().length;
        assertEquals(3 * size * size, n);
        assertEquals(c.get("pixel_sum").asDouble(), sumPx, PIXEL_TOLERANCE * n, "sum of normalised pixels");
        assertEquals(c.get("pixel_sq_sum").asDouble(), sq, PIXEL_TOLERANCE * n, "sum of squares");
        if (c.has("pixels")) {
            JsonNode px = c.get("pixels");
            for (int i = 0; i < n; i++) {
                assertEquals(px.get(i).asDouble(), p.pixels()[i], PIXEL_TOLERANCE, "pixel " + i);
            }
        } else {
            c.get("probes").fields().forEachRemaining(e ->
                    assertEquals(e.getValue().asDouble(), p.pixels()[Integer.parseInt(e.getKey())], PIXEL_TOLERANCE,
                            "pixel " + e.getKey()));
        }
    }

    @Test
    void corruptImageIsNamed(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("broken.jpg");
        byte[] good = Files.readAllBytes(resourceDir().resolve("COCO_train2014_000000100001.jpg"));
        Files.write(bad, java.util.Arrays.copyOf(good, 40));
        GroundingSample s = new GroundingSample("t", "val", bad, "x", List.of(new BoxXyxy(1, 1, 5, 5)), 0, 0,
                new RecordSource(tmp.resolve("ann.json"), "ref_id 7"));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new SimVGPreprocessor(32).prepare(s, null));
        assertTrue(e.getMessage().contains("broken.jpg") && e.getMessage().contains("ref_id 7")
                && e.getMessage().contains("ann.json"), e.getMessage());
    }

    @Test
    void boxOutsideTheDecodedImageIsNamed() throws Exception {
        Path image = resourceDir().resolve("COCO_train2014_000000100001.jpg");   // 64x48
        GroundingSample s = new GroundingSample("t", "val", image, "x", List.of(new BoxXyxy(10, 10, 80, 20)), 0, 0,
                new RecordSource(Path.of("refs.p"), "ref_id 3, sent_id 9"));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new SimVGPreprocessor(32).prepare(s, null));
        assertTrue(e.getMessage().contains("outside the 64x48 image") && e.getMessage().contains("sent_id 9"),
                e.getMessage());
    }

    @Test
    void annotatedSizeMustMatchTheFile() throws Exception {
        Path image = resourceDir().resolve("COCO_train2014_000000100001.jpg");
        GroundingSample s = new GroundingSample("t", "val", image, "x", List.of(new BoxXyxy(1, 1, 5, 5)), 640, 480,
                new RecordSource(Path.of("instances.json"), "val[0]"));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new SimVGPreprocessor(32).prepare(s, null));
        assertTrue(e.getMessage().contains("64x48") && e.getMessage().contains("640x480"), e.getMessage());
    }

    static Path resourceDir() throws URISyntaxException {
        return Path.of(SimVGPreprocessorTest.class.getResource("preprocess_reference.json").toURI()).getParent();
    }
}
