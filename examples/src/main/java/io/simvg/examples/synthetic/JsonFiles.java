package io.simvg.examples.synthetic;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Compact JSON through the Jackson the readers use. Trees are built from {@link LinkedHashMap}s and lists in a fixed
 * order and numbers are written by {@code Double.toString}, so the same data gives the same bytes.
 */
final class JsonFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {
    }

    static void write(Path file, Object tree) throws IOException {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, MAPPER.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** A file-system error in words: NIO's exceptions often carry only the path as their message. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String kind = e.getClass().getSimpleName().replace("Exception", "");
            return f.getReason() != null ? f.getReason() + " (" + f.getFile() + ")" : kind + " " + f.getFile();
        }
        return String.valueOf(e.getMessage());
    }

    /** A JSON object with keys in the order given: {@code obj("a", 1, "b", 2)}. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code [x, y, w, h]} of a shape. */
    static List<Double> xywh(PlacedShape s) {
        List<Double> out = new ArrayList<>(4);
        for (double v : s.xywh()) {
            out.add(v);
        }
        return out;
    }

    static double area(PlacedShape s) {
        return SceneSampler.round(s.w() * s.h());
    }
}
