package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.DatasetFormat;
import io.simvg.data.InvalidRecords;
import io.simvg.examples.SimVGCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simvg synth} writes a readable data set; user errors print one line and exit 2. */
class SynthCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SimVGCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesAReadableDataSetAndItsBundle(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("shapes");
        Path zip = dir.resolve("bundle.zip");
        assertEquals(0, run("synth", "--out", out.toString(), "--size", "64", "--train", "3", "--val", "2",
                "--bundle", zip.toString()), err.toString());
        ShapesLayout layout = new ShapesLayout(out);
        assertTrue(DatasetFormat.open(layout.recInstances(), InvalidRecords.failFast()).read("train").size() >= 3);
        assertEquals(2, DatasetFormat.open(layout.grefs(), InvalidRecords.failFast()).read("val").size());
        try (var in = Files.newInputStream(zip)) {
            Trees.assertSameFiles(out, BundledShapes.unpack(in, dir.resolve("unpacked")).root());
        }
    }

    @Test
    void negativeCountIsAUserError(@TempDir Path dir) {
        assertEquals(2, run("synth", "--out", dir.toString(), "--val", "-3"));
        assertTrue(err.toString().startsWith("simvg: image count of split val"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void aRecMixOfThreeWeightsIsAUserError(@TempDir Path dir) {
        assertEquals(2, run("synth", "--out", dir.toString(), "--train", "1", "--val", "0", "--rec-mix", "1,1,1"));
        assertTrue(err.toString().startsWith("simvg: --rec-mix needs 4"), err.toString());
    }

    @Test
    void aFileAsOutputIsAUserError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertEquals(2, run("synth", "--out", file.toString(), "--train", "1", "--val", "1"));
        assertTrue(err.toString().contains(file + " exists and is not a directory"), err.toString());
    }

    @Test
    void helpNamesTheOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = SimVGCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("synth", "--help"));
        for (String option : new String[] {"--out", "--seed", "--size", "--train", "--val", "--rec-mix", "--bundle"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }
}
