package io.simvg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The dataset sample fixtures: {@code expected.json} in the directory named by the system property
 * {@code simvg.datasets.samples} (default {@code ../shared/fixtures/datasets}), holding what the official loaders
 * yield for every dataset and split.
 */
public final class ExpectedSamples {

    public static final String PROPERTY = "simvg.datasets.samples";
    public static final double BOX_TOLERANCE = 1e-4;

    private static JsonNode cached;

    private ExpectedSamples() {
    }

    public static Path dir() {
        String p = System.getProperty(PROPERTY);
        Path dir = p != null ? Path.of(p) : Path.of("..", "..", "shared", "fixtures", "datasets");
        if (!Files.isRegularFile(dir.resolve("expected.json"))) {
            fail("no expected.json in " + dir.toAbsolutePath() + " (set -D" + PROPERTY + ")");
        }
        return dir.toAbsolutePath().normalize();
    }

    public static synchronized JsonNode expected() {
        if (cached == null) {
            try {
                cached = new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return cached;
    }

    /**
     * The dataset keys {@code select} accepts (given key and description): top-level keys of {@code datasets}
     * (e.g. {@code refcoco_unc}) or, for a nested group such as {@code transvg_pth}, {@code group/name} keys.
     */
    public static List<String> datasetKeys(BiPredicate<String, JsonNode> select) {
        List<String> keys = new ArrayList<>();
        JsonNode datasets = expected().get("datasets");
        for (Iterator<Map.Entry<String, JsonNode>> it = datasets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("splits")) {
                if (select.test(e.getKey(), e.getValue())) {
                    keys.add(e.getKey());
                }
            } else {
                for (Iterator<String> names = e.getValue().fieldNames(); names.hasNext(); ) {
                    String key = e.getKey() + "/" + names.next();
                    if (select.test(key, dataset(key))) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys;
    }

    public static JsonNode dataset(String key) {
        JsonNode node = expected().get("datasets");
        for (String part : key.split("/")) {
            node = node.get(part);
        }
        return node;
    }

    /**
     * One dynamic test per dataset and split, named {@code key/split}: reads the split with the reader built for the key
     * and compares every sample with the fixture (boxes from {@code boxField}, normally {@code boxes_xyxy}).
     */
    public static Stream<DynamicTest> splitTests(List<String> keys, Function<String, GroundingDatasetReader> readerFor,
                                                 String boxField) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : keys) {
            JsonNode splits = dataset(key).get("splits");
            for (Iterator<String> it = splits.fieldNames(); it.hasNext(); ) {
                String split = it.next();
                JsonNode expectedSplit = splits.get(split);
                tests.add(DynamicTest.dynamicTest(key + "/" + split, () -> {
                    GroundingDatasetReader reader = readerFor.apply(key);
                    assertTrue(reader.splits().contains(split), key + ": reader does not list split " + split);
                    assertSamples(key + "/" + split, reader.read(split), expectedSplit.get("samples"), boxField);
                }));
            }
        }
        return tests.stream();
    }

    public static void assertSamples(String what, List<GroundingSample> actual, JsonNode expected, String boxField) {
        assertEquals(expected.size(), actual.size(), what + ": number of samples");
        Path dir = dir();
        for (int i = 0; i < actual.size(); i++) {
            GroundingSample a = actual.get(i);
            JsonNode e = expected.get(i);
            String at = what + " sample " + i + " (" + a.source() + ")";
            assertEquals(dir.resolve(e.get("image_file").asText()).normalize(), a.image().toAbsolutePath().normalize(),
                    at + ": image file");
            assertEquals(e.get("expression").asText(), a.expression(), at + ": expression");
            assertBoxes(at, boxes(e.get(boxField)), a.boxes());
        }
    }

    /** Reads {@code [x1,y1,x2,y2]} or a list of them. */
    public static List<BoxXyxy> boxes(JsonNode node) {
        List<BoxXyxy> out = new ArrayList<>();
        if (node.size() == 4 && node.get(0).isNumber()) {
            out.add(box(node));
            return out;
        }
        for (JsonNode b : node) {
            out.add(box(b));
        }
        return out;
    }

    private static BoxXyxy box(JsonNode b) {
        return new BoxXyxy(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
    }

    public static void assertBoxes(String at, List<BoxXyxy> expected, List<BoxXyxy> actual) {
        assertEquals(expected.size(), actual.size(), at + ": number of boxes " + actual);
        for (int j = 0; j < expected.size(); j++) {
            double[] e = expected.get(j).toArray();
            double[] a = actual.get(j).toArray();
            for (int k = 0; k < 4; k++) {
                assertEquals(e[k], a[k], BOX_TOLERANCE, at + ": box " + j + " coordinate " + k + " " + actual.get(j));
            }
        }
    }
}
