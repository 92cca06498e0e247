package io.simvg.examples.demo;

import io.simvg.zoo.SimVG;
import io.simvg.zoo.predict.Branch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The embedded default model: a {@code DEMO} SimVG (GREC, 10 queries) trained from scratch on the synthetic shapes
 * set, shipped as a classpath resource with a checksum manifest ({@value #CHECKSUMS}: the file's Adler32 and size, and
 * the exact commands that generated the data and trained it). Extracting verifies the checksum, as DL4J's zoo does
 * after a download, so a damaged jar is reported instead of predicting garbage. The manifest also names the branch the
 * demo shows ({@code "branch"}, the one that scored best on the bundled split when the model was registered).
 */
public final class DemoModel {

    public static final String RESOURCE = "/io/simvg/examples/demo/simvg-demo.zip";
    public static final String CHECKSUMS = "/io/simvg/examples/demo/simvg-demo.json";

    private DemoModel() {
    }

    /** The branch the demo's examples use for the bundled model: the manifest's {@code "branch"}, else the token one. */
    public static Branch branch() throws IOException {
        String name = manifest().path("branch").asText("TOKEN");
        try {
            return Branch.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("classpath:" + CHECKSUMS + ": unknown branch '" + name + "' (token or decoder)");
        }
    }

    private static JsonNode manifest() throws IOException {
        try (InputStream in = resource(CHECKSUMS)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Copies the bundled model to {@code dir/simvg-demo.zip} and checks its Adler32 against the manifest. */
    public static Path extractTo(Path dir) throws IOException {
        long expected = manifest().path("adler32").asLong(-1);
        Path file = dir.resolve("simvg-demo.zip");
        Files.createDirectories(dir);
        try (InputStream in = resource(RESOURCE)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        long actual = SimVG.adler32(file);
        if (actual != expected) {
            throw new IOException("classpath:" + RESOURCE + ": Adler32 " + actual + " does not match " + expected
                    + " recorded in " + CHECKSUMS + " (damaged jar or a model that was not re-registered)");
        }
        return file;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath:" + name + " is missing (build with mvn install)");
        }
        return in;
    }
}
