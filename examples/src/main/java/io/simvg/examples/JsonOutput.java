package io.simvg.examples;

import io.simvg.zoo.predict.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The JSON the commands print and write: pretty-printed, with boxes in one shape everywhere. */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    public static String toString(Object tree) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + tree.getClass().getSimpleName(), e);
        }
    }

    /** Writes {@code tree} to {@code file}, creating parent directories. */
    public static void write(Path file, Object tree) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toString(tree) + System.lineSeparator());
    }

    /** A detection: original-pixel corners {@code x1, y1, x2, y2}, {@code score} and its {@code query}. */
    public static Map<String, Object> box(Detection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x1", d.x1());
        m.put("y1", d.y1());
        m.put("x2", d.x2());
        m.put("y2", d.y2());
        m.put("score", d.score());
        m.put("query", d.query());
        return m;
    }
}
