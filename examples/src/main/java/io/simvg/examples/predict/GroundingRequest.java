package io.simvg.examples.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * One image–expression pair to ground.
 *
 * @param image the image file
 * @param text  the referring expression
 */
public record GroundingRequest(Path image, String text) {

    /**
     * Reads a batch file: a JSON list of {@code {"image": path, "text": expression}}; relative image paths are
     * resolved against the batch file's directory.
     *
     * @throws IllegalArgumentException naming the file and the item for anything malformed
     */
    public static List<GroundingRequest> readBatchFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("batch file not found: " + file);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (root == null || !root.isArray() || root.size() == 0) {
            throw new IllegalArgumentException(file + ": expected a non-empty JSON list of {\"image\": ..., "
                    + "\"text\": ...}");
        }
        Path base = file.toAbsolutePath().getParent();
        List<GroundingRequest> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode image = item.get("image");
            JsonNode text = item.get("text");
            if (image == null || !image.isTextual() || text == null || !text.isTextual()) {
                throw new IllegalArgumentException(file + " item " + i + ": needs string fields \"image\" and "
                        + "\"text\"");
            }
            out.add(new GroundingRequest(base.resolve(image.asText()), text.asText()));
        }
        return out;
    }
}
