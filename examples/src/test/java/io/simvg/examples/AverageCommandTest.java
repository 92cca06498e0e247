package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simvg average}: writes a loadable model file naming its sources; refuses mixed architectures. */
class AverageCommandTest {

    @TempDir
    Path dir;

    @Test
    void averagesTwoModelFiles() throws Exception {
        Path a = TestModels.write(dir, "a.zip", SimVGConfig.TINY);
        Path b = TestModels.write(dir, "b.zip", SimVGConfig.TINY);
        Path out = dir.resolve("avg.zip");
        TestModels.Run r = TestModels.run("average", "--out", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.exitCode(), r.err());
        ModelManifest m = SimVGModelFile.readManifest(out);
        assertEquals("average of a.zip, b.zip", m.source());
        assertEquals("simvg average --out avg.zip a.zip b.zip", m.createdBy());
        assertEquals(SimVGConfig.TINY, m.config());
    }

    @Test
    void mixedArchitecturesOrAMissingFileAreOneMessageAndExit2() throws Exception {
        Path rec = TestModels.write(dir, "rec.zip", SimVGConfig.TINY.withTask(Task.REC));
        Path grec = TestModels.write(dir, "grec.zip", SimVGConfig.TINY.withTask(Task.GREC));
        Path out = dir.resolve("avg.zip");
        TestModels.Run r = TestModels.run("average", "--out", out.toString(), rec.toString(), grec.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("grec.zip") && r.err().contains("GREC"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out));
        r = TestModels.run("average", "--out", out.toString(), rec.toString(), dir.resolve("none.zip").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("none.zip: model file not found"), r.err());
    }
}
