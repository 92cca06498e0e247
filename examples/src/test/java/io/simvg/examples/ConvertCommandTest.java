package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simvg convert} on the peer fixture's PyTorch checkpoint, and its refusals. */
class ConvertCommandTest {

    @TempDir
    Path dir;

    /** The first peer fixture directory under {@code simvg.peer.fixtures}. */
    private static Path peer() throws java.io.IOException {
        Path root = Path.of(System.getProperty("simvg.peer.fixtures", "../../shared/fixtures/peer"));
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("simvg_state_dict.pth"))).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no peer fixture with simvg_state_dict.pth in " + root));
        }
    }

    @Test
    void convertsAPyTorchCheckpointIntoALoadableModelFile() throws Exception {
        Path out = dir.resolve("tiny.zip");
        TestModels.Run r = TestModels.run("convert", "--from", peer().resolve("simvg_state_dict.pth").toString(),
                "--preset", peer().resolve("config.json").toString(), "--task", "REC", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("simvg source"), r.out());
        ModelManifest m = SimVGModelFile.readManifest(out);
        assertEquals(Task.REC, m.task());
        assertEquals("simvg_state_dict.pth", m.source());
        assertEquals(SimVGConfig.fromJson(peer().resolve("config.json")).withTask(Task.REC), SimVG.load(out).config());
    }

    /** A model file moved to smaller patches and the intended text pooling says what it changed. */
    @Test
    void aModelFileIsAdaptedToAnotherPatchSize() throws Exception {
        SimVGConfig tiny = SimVGConfig.fromJson(peer().resolve("config.json")).withTask(Task.REC);
        Path trained = TestModels.write(dir, "trained.zip", tiny);
        Path preset = dir.resolve("finer.json");
        Map<String, Object> finer = new java.util.LinkedHashMap<>(tiny.toJsonMap());
        finer.put("patch_size", tiny.patchSize() / 2);
        finer.put("tqg_pool", "masked_max");
        Files.writeString(preset, new org.nd4j.shade.jackson.databind.ObjectMapper().writeValueAsString(finer));
        Path out = dir.resolve("finer.zip");
        TestModels.Run r = TestModels.run("convert", "--from", trained.toString(), "--preset", preset.toString(),
                "--task", "REC", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("adapted: patch_size " + tiny.patchSize() + " -> " + tiny.patchSize() / 2
                + ", tqg_pool official -> masked_max (position grid and patch kernel resized"), r.err());
        assertEquals(SimVGConfig.fromJson(preset), SimVG.load(out).config());
    }

    @Test
    void badInputIsOneMessageAndExit2() throws Exception {
        Path out = dir.resolve("x.zip");
        assertUserError(TestModels.run("convert", "--from", dir.resolve("none.pth").toString(), "--out",
                out.toString()), "none.pth", "not found");
        assertUserError(TestModels.run("convert", "--from", peer().resolve("simvg_state_dict.pth").toString(),
                "--preset", "HUGE", "--out", out.toString()), "unknown preset 'HUGE'");
        // weights of another preset: every mismatch is listed, nothing is written
        TestModels.Run r = TestModels.run("convert", "--from", peer().resolve("simvg_state_dict.pth").toString(),
                "--preset", "DEMO", "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("simvg_state_dict.pth") && r.err().contains("mis-shaped"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out));
    }

    private static void assertUserError(TestModels.Run r, String... expected) {
        assertEquals(2, r.exitCode(), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
