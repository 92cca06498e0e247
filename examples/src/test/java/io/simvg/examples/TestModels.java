package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.fail;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Test inputs for the commands: model files with random weights (TINY is small enough to write and run in a second)
 * and the dataset fixtures under the system property {@code simvg.datasets.samples} (default
 * {@code ../shared/fixtures/datasets} of the project root).
 */
public final class TestModels {

    private TestModels() {
    }

    /** Writes a full-graph model of {@code config} with random weights that declares the bundled tokenizer. */
    public static Path write(Path dir, String name, SimVGConfig config) throws IOException {
        return write(dir, name, config, GraphVariant.FULL);
    }

    /** As {@link #write(Path, String, SimVGConfig)} with only the branches of {@code variant} stored. */
    public static Path write(Path dir, String name, SimVGConfig config, GraphVariant variant) throws IOException {
        SimVG zoo = SimVG.builder().config(config).variant(variant).build();
        Path file = dir.resolve(name);
        SimVGModelFile.write(file, zoo.init(), ModelManifest.of(zoo.config(), variant,
                ModelManifest.BUNDLED_TOKENIZER, "random initialisation", "examples test"));
        return file;
    }

    public static Path datasets() {
        String p = System.getProperty("simvg.datasets.samples");
        Path dir = p != null ? Path.of(p) : Path.of("..", "..", "shared", "fixtures", "datasets");
        if (!Files.isDirectory(dir.resolve("seqtr"))) {
            fail("dataset fixtures not found in " + dir.toAbsolutePath() + " (set -Dsimvg.datasets.samples)");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** SeqTR RefCOCO (one box per sample). */
    public static Path refcoco() {
        return datasets().resolve("seqtr/annotations/refcoco-unc/instances.json");
    }

    /** gRefCOCO (multi-target and no-target expressions). */
    public static Path grefcoco() {
        return datasets().resolve("grefcoco_data/grefcoco/grefs(unc).json");
    }

    /** One run of the {@code simvg} command line with stdout and stderr captured. */
    public record Run(int exitCode, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = io.simvg.examples.SimVGCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
