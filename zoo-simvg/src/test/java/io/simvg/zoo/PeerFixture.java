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
