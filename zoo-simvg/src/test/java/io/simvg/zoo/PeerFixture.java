package io.simvg.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * One peer fixture directory ({@code config.json}, {@code fixture.json}, ONNX exports, raw weights) as produced by
 * the PyTorch re-creation of SimVG. Directories are discovered under the system property
 * {@code simvg.peer.fixtures} (default {@code ../shared/fixtures/peer} of the project root).
 */
public final class PeerFixture {

    public static final String PROPERTY = "simvg.peer.fixtures";

    public final Path dir;
    public final SimVGConfig config;
    public final Map<String, INDArray> inputs;
    public final Map<String, INDArray> outputs;
    public final Map<String, INDArray> altOutputs;
    public final double tolerance;

    private PeerFixture(Path dir) throws IOException {
        this.dir = dir;
        this.config = SimVGConfig.fromJson(dir.resolve("config.json"));
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("fixture.json")));
        this.inputs = tensors(root.get("inputs"));
        this.outputs = tensors(root.get("outputs"));
        this.altOutputs = root.has("alt_outputs_masked_max") ? tensors(root.get("alt_outputs_masked_max")) : Map.of();
        this.tolerance = root.path("suggested_tolerance").path("abs").asDouble(1e-4);
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public static PeerFixture load(Path dir) {
        try {
            return new PeerFixture(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read peer fixture " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The fixture root: the system property, or {@code shared/fixtures/peer} beside the project root. */
    public static Path root() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolveSibling("shared").resolve("fixtures").resolve("peer");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no peer fixtures: set -D" + PROPERTY + "=DIR");
    }

    /** Every directory under {@link #root()} holding a {@code config.json} and a {@code fixture.json}. */
    public static List<PeerFixture> all() {
        Path root = root();
        List<PeerFixture> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(d -> Files.isRegularFile(d.resolve("config.json")) && Files.isRegularFile(d.resolve("fixture.json")))
                    .sorted().forEach(d -> out.add(load(d)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no fixture directories under " + root);
        }
        return out;
    }

    /** The ONNX exports of this fixture, sorted by name. */
    public List<Path> onnxFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Placeholder values for the graph, in the given floating type. */
    public Map<String, INDArray> placeholders(DataType floatType) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put("img", inputs.get("img").castTo(floatType));
        ph.put("ref_expr_inds", inputs.get("ref_expr_inds").castTo(DataType.INT64));
        ph.put("text_attention_mask", inputs.get("text_attention_mask").castTo(floatType));
        return ph;
    }

    /** Graph outputs compared with the fixture (besides the post-processed boxes). */
    public static final java.util.List<String> GRAPH_OUTPUTS = java.util.List.of("encoder_out", "query_embed",
            "decoder_hs", "dec_logits", "dec_boxes", "tok_logits", "tok_boxes");

    /**
     * Runs {@code sd} on the fixture inputs and asserts every graph output and the post-processed boxes and scores
     * of both branches against {@code expected} within the fixture's tolerance.
     */
    public void assertOutputs(org.nd4j.autodiff.samediff.SameDiff sd, Map<String, INDArray> expected) {
        Map<String, INDArray> out = sd.output(placeholders(DataType.FLOAT), GRAPH_OUTPUTS.toArray(new String[0]));
        for (String name : GRAPH_OUTPUTS) {
            assertClose(name, expected.get(name), out.get(name));
        }
        int s = config.imgSize();
        for (String branch : java.util.List.of("dec", "tok")) {
            var dets = io.simvg.zoo.predict.BoxPostProcessor.surviving(out.get(branch + "_logits"),
                    out.get(branch + "_boxes"), s, s);
            INDArray boxes = expected.get(branch + "_pred_bbox_xyxy");
            INDArray scores = expected.get(branch + "_pred_score");
            for (int i = 0; i < dets.size(); i++) {
                var best = dets.get(i).stream().max(java.util.Comparator.comparingDouble(
                        io.simvg.zoo.predict.Detection::score)).orElseThrow();
                INDArray got = Nd4j.createFromArray(new double[] {best.x1(), best.y1(), best.x2(), best.y2()});
                assertClose(branch + "_pred_bbox_xyxy[" + i + "]", boxes.getRow(i).castTo(DataType.DOUBLE), got);
                assertClose(branch + "_pred_score[" + i + "]", scores.getScalar(i).reshape(1).castTo(DataType.DOUBLE),
                        Nd4j.createFromArray(best.score()));
            }
        }
    }

    /** Max-abs comparison within the fixture tolerance (relative for values above 1). */
    public void assertClose(String name, INDArray expected, INDArray actual) {
        if (expected == null) {
            throw new AssertionError(dir + ": fixture has no output '" + name + "'");
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray allowed = Transforms.max(Transforms.abs(e), 1.0).muli(tolerance);
        double worst = Transforms.abs(e.sub(a)).subi(allowed).maxNumber().doubleValue();
        double diff = Transforms.abs(e.sub(a)).maxNumber().doubleValue();
        System.out.printf("%s %-26s max |diff| %.3g%n", name(), name, diff);
        org.junit.jupiter.api.Assertions.assertTrue(worst <= 0, name + ": max |diff| " + diff + " above tolerance "
                + tolerance + " (" + dir + ")");
    }

    /** Decodes {@code {"name": {"shape": [...], "dtype": "...", "data": [...]}, ...}}. */
    public static Map<String, INDArray> tensors(JsonNode node) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            if (t.isObject() && t.has("shape") && t.has("data")) {
                out.put(e.getKey(), tensor(t));
            }
        });
        return out;
    }

    public static INDArray tensor(JsonNode t) {
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asLong();
        }
        JsonNode data = t.get("data");
        String dtype = t.path("dtype").asText("float32");
        if (dtype.startsWith("int") || dtype.startsWith("bool")) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = data.get(i).asLong();
            }
            return Nd4j.createFromArray(v).reshape(shape);
        }
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i).asDouble();
        }
        return Nd4j.createFromArray(v).reshape(shape).castTo(DataType.FLOAT);
    }
}
