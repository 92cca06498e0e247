package io.simvg.losses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Reads the loss fixtures from {@code -Dsimvg.losses.fixtures=DIR} (default {@code ../shared/fixtures/losses}). */
final class LossFixtures {

    static final String PROPERTY = "simvg.losses.fixtures";

    private LossFixtures() {
    }

    static Path dir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("fixtures").resolve("losses");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no loss fixtures: set -D" + PROPERTY + "=DIR");
    }

    /** The {@code cases} array of a fixture file. */
    static List<JsonNode> cases(String file) {
        Path p = dir().resolve(file);
        try {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(Files.readAllBytes(p)).get("cases").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    /** {@code {shape, dtype, data}} as a float array of that shape. */
    static INDArray tensor(JsonNode t) {
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asLong();
        }
        double[] v = new double[t.get("data").size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(t.get("data").get(i));
        }
        return Nd4j.createFromArray(v).reshape(shape).castTo(DataType.FLOAT);
    }

    static double value(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText().replace("nan", "NaN")) : n.asDouble();
    }

    /** A {@code [n, 4]} tensor as {@code float[n][4]} (n may be 0). */
    static float[][] boxes(JsonNode t) {
        int n = t.get("shape").get(0).asInt();
        JsonNode d = t.get("data");
        float[][] out = new float[n][4];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                out[i][k] = (float) d.get(4 * i + k).asDouble();
            }
        }
        return out;
    }

    static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }

    /** rel/abs closeness as the fixtures suggest. */
    static boolean close(double expected, double actual, double rel, double abs) {
        return Math.abs(expected - actual) <= abs + rel * Math.abs(expected);
    }
}
