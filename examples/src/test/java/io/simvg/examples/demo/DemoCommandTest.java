package io.simvg.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.examples.TestModels;
import io.simvg.examples.synthetic.BundledShapes;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simvg demo}: the bundled model verifies and opens; the demo runs end to end and writes its PNGs. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBundledModelMatchesItsChecksumAndIsADemoModel() throws Exception {
        Path file = DemoModel.extractTo(dir);
        ModelManifest m = SimVGModelFile.readManifest(file);
        assertEquals(SimVGConfig.DEMO.withTask(Task.GREC), m.config());
        assertEquals(ModelManifest.BUNDLED_TOKENIZER, m.tokenizer());
        assertEquals(SimVGConfig.DEMO.withTask(Task.GREC), SimVG.load(file).config());
        assertNotNull(DemoModel.branch());
    }

    @Test
    void runsEndToEndOnTheBundledSplit() throws Exception {
        // a random DEMO model keeps this independent of the trained weights; the wiring is what is checked here
        Path model = TestModels.write(dir, "random-demo.zip", SimVGConfig.DEMO.withTask(Task.GREC));
        Path out = dir.resolve("demo");
        TestModels.Run r = TestModels.run("demo", "--model", model.toString(), "--out", out.toString(),
                "--examples", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[REC]") && r.out().contains("[GREC multi-target]")
                && r.out().contains("[GREC no-target]") && r.out().contains("[GREC single-target]"), r.out());
        assertTrue(r.out().contains("examples from the token branch:"), r.out());
        assertTrue(r.out().contains("330 expressions") && r.out().contains("120 expressions"), r.out());
        double rec = figure(r.out(), "prec@0.5");
        assertTrue(rec >= 0 && rec <= 100, r.out());
        assertTrue(r.out().contains("n_acc"), r.out());
        // the REC split by kind: as many of each kind as the generator made, for each branch
        Map<String, Integer> made = new TreeMap<>();
        BundledShapes.generator().generate("val").forEach(img -> img.rec().forEach(
                e -> made.merge(e.kind().label(), 1, Integer::sum)));
        for (String branch : new String[] {"token", "decoder"}) {
            Matcher line = Pattern.compile("by kind, " + branch + " branch: (.*)").matcher(r.out());
            assertTrue(line.find(), r.out());
            Matcher part = Pattern.compile("(colour\\+shape|size|relation|position) [0-9.]+ % \\((\\d+)/(\\d+)\\)")
                    .matcher(line.group(1));
            Map<String, Integer> counted = new TreeMap<>();
            while (part.find()) {
                assertTrue(Integer.parseInt(part.group(2)) <= Integer.parseInt(part.group(3)), line.group());
                counted.put(part.group(1), Integer.parseInt(part.group(3)));
            }
            assertEquals(made, counted, line.group());
        }
        try (Stream<Path> pngs = Files.list(out.resolve("examples"))) {
            assertEquals(5, pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
    }

    @Test
    void aMissingModelIsOneMessage() {
        TestModels.Run r = TestModels.run("demo", "--model", dir.resolve("none.zip").toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** The first percentage printed for {@code name}. */
    static double figure(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s+([0-9.]+) %").matcher(out);
        assertTrue(m.find(), name + " in: " + out);
        return Double.parseDouble(m.group(1));
    }
}
