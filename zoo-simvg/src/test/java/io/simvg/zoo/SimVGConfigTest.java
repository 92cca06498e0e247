package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimVGConfigTest {

    @Test
    void tinyPresetIsTheFixtureConfig() throws IOException {
        Path tiny = PeerFixture.root().resolve("tiny").resolve("config.json");
        if (Files.exists(tiny)) {
            assertEquals(SimVGConfig.fromJson(tiny), SimVGConfig.TINY);
        }
    }

    @Test
    void everyFixtureConfigReads() {
        for (PeerFixture f : PeerFixture.all()) {
            assertTrue(f.config.numPatches() > 0, f.name());
        }
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws IOException {
        SimVGConfig c = SimVGConfig.BASE_32.withTask(Task.GREC).withTextPooling(TextPooling.INTENDED);
        Path file = dir.resolve("c.json");
        Files.writeString(file, c.toJson());
        assertEquals(c, SimVGConfig.fromJson(file));
    }

    @Test
    void derivedSizes() {
        SimVGConfig b = SimVGConfig.BASE_32;
        assertEquals(20, b.gridSize());
        assertEquals(400, b.numPatches());
        assertEquals(403, b.visionPositions());
        assertEquals(421, b.sequenceLength());
        assertEquals(3072, b.ffnDim());
        assertEquals(10, b.withTask(Task.GREC).numQueries());
        assertEquals(0.0, SimVGConfig.LARGE_32.dropPathRate(), "ViT-L never used drop-path (official typo)");
    }

    @Test
    void badValuesNameTheField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, SimVGConfig.TINY.toJson().replace("\"patch_size\" : 32", "\"patch_size\" : 30"));
        IOException e = assertThrows(IOException.class, () -> SimVGConfig.fromJson(file));
        assertTrue(e.getMessage().contains("patch_size") && e.getMessage().contains(file.toString()), e.getMessage());

        Files.writeString(file, "{\"config\": {\"img_size\": 64}}");
        e = assertThrows(IOException.class, () -> SimVGConfig.fromJson(file));
        assertTrue(e.getMessage().contains("patch_size"), e.getMessage());

        Files.writeString(file, "{not json");
        e = assertThrows(IOException.class, () -> SimVGConfig.fromJson(file));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> SimVGConfig.TINY.toBuilder().numHeads(3).build());
    }
}
