package io.simvg.weights.torch;

import io.simvg.zoo.PeerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The bicubic reference cases ({@code shared/fixtures/weights/bicubic.json}, computed with PyTorch): the shared file,
 * plus the file named by the system property {@code simvg.bicubic.cases} when it is another one.
 */
final class BicubicCases {

    static final String PROPERTY = "simvg.bicubic.cases";

    /** One case: its file, JSON and display name ("file: id"). */
    record Case(Path file, JsonNode json) {
        String id() {
            return json.get("id").asText();
        }

        String displayName() {
            return file.getFileName() + ": " + id();
        }

        INDArray input() {
            return PeerFixture.tensor(json.get("input"));
        }

        /** Suggested tolerance: 2e-6 of the input's largest magnitude. */
        double tolerance() {
            return 2e-6 * input().amaxNumber().doubleValue();
        }
    }

    private BicubicCases() {
    }

    static List<Path> files() {
        Set<Path> files = new LinkedHashSet<>();
        files.add(shared());
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            files.add(normalise(Paths.get(prop)));
        }
        return List.copyOf(files);
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                for (JsonNode c : new ObjectMapper().readTree(Files.readAllBytes(f)).get("cases")) {
                    out.add(new Case(f, c));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bicubic cases " + f, e);
            }
        }
        return out;
    }

    /** {@code shared/fixtures/weights/bicubic.json} beside the project (or one of its parents). */
    private static Path shared() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolveSibling("shared").resolve("fixtures").resolve("weights").resolve("bicubic.json");
            if (Files.isRegularFile(candidate)) {
                return normalise(candidate);
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no shared/fixtures/weights/bicubic.json found; set -D" + PROPERTY + "=FILE");
    }

    private static Path normalise(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("bicubic cases " + p + " not readable", e);
        }
    }
}
