package io.simvg.zoo.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.PretrainedModel;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

/** The model file: round trip with the peer weights, checksums, architecture checks, extras, damaged files. */
class SimVGModelFileTest {

    @TempDir
    Path dir;

    private PeerFixture fixture() {
        return PeerFixture.all().get(0);
    }

    /** The peer model with its published weights, as a graph. */
    private SameDiff peerGraph(PeerFixture f) throws IOException {
        SameDiff sd = SimVG.builder().config(f.config).build().init();
        StateDictLoader.load(sd, StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json")),
                GraphVariant.FULL, true, "weights.bin");
        return sd;
    }

    @Test
    void roundTripReproducesThePeerOutputs() throws Exception {
        PeerFixture f = fixture();
        Path file = dir.resolve("tiny.zip");
        ModelManifest stored = SimVGModelFile.write(file, peerGraph(f),
                ModelManifest.of(f.config, GraphVariant.FULL, "tok.spm", "weights.bin", "test"));

        ModelManifest read = SimVGModelFile.readManifest(file);
        assertEquals(stored, read);
        assertEquals(f.config, read.config());
        assertEquals(Task.forQueries(f.config.numQueries()), read.task());
        assertEquals("tok.spm", read.tokenizer());
        try (ZipFile zip = new ZipFile(file.toFile()); InputStream in = zip.getInputStream(
                zip.getEntry(SimVGModelFile.MODEL_ENTRY))) {
            Adler32 a = new Adler32();
            a.update(in.readAllBytes());
            assertEquals(a.getValue(), read.checksums().get(SimVGModelFile.MODEL_ENTRY), "checksum of the entry");
        }

        f.assertOutputs(SimVG.builder().config(f.config).build().initPretrained(file), f.outputs);
        PretrainedModel model = SimVG.load(file);
        assertEquals(f.config, model.config());
        f.assertOutputs(model.graph(), f.outputs);
        // the token-branch-only graph takes what it needs from the same file
        PretrainedModel token = SimVG.load(file, GraphVariant.TOKEN_BRANCH);
        assertEquals(GraphVariant.TOKEN_BRANCH, token.zoo().variant());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".simvg")),
                "no temporary files left behind");
    }

    @Test
    void aStoredGraphWithDropoutPredictsWithoutIt() throws Exception {
        PeerFixture f = fixture();
        SimVGConfig noisy = f.config.toBuilder().headDropout(0.3).dropPathRate(0.3).build();
        SameDiff sd = SimVG.builder().config(noisy).build().init();
        StateDictLoader.load(sd, StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json")),
                GraphVariant.FULL, true, "weights.bin");
        Path file = dir.resolve("noisy.zip");
        SimVGModelFile.write(file, sd, ModelManifest.of(noisy, GraphVariant.FULL, "", "", ""));
        // dropout is off outside training, so the peer's outputs come back from the stored graph
        f.assertOutputs(SimVG.load(file).graph(), f.outputs);
    }

    @Test
    void anotherArchitectureIsRefusedNamingBoth() throws Exception {
        PeerFixture f = fixture();
        Path file = dir.resolve("tiny.zip");
        SimVGModelFile.write(file, peerGraph(f), ModelManifest.of(f.config, GraphVariant.FULL, "", "", ""));
        IOException e = assertThrows(IOException.class,
                () -> SimVG.builder().config(SimVGConfig.DEMO).build().initPretrained(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("DEMO"), e.getMessage());
        IOException task = assertThrows(IOException.class,
                () -> SimVG.builder().config(f.config).task(Task.GREC).build().initPretrained(file));
        assertTrue(task.getMessage().contains("GREC"), task.getMessage());
    }

    @Test
    void aSwappedModelEntryFailsItsChecksum() throws Exception {
        PeerFixture f = fixture();
        Path file = dir.resolve("tiny.zip");
        SimVGModelFile.write(file, peerGraph(f), ModelManifest.of(f.config, GraphVariant.FULL, "", "", ""));
        // same manifest, a model with other weights
        Path other = dir.resolve("other.zip");
        SimVGModelFile.write(other, SimVG.builder().config(f.config).seed(99).build().init(),
                ModelManifest.of(f.config, GraphVariant.FULL, "", "", ""));
        Path mixed = dir.resolve("mixed.zip");
        try (ZipFile a = new ZipFile(file.toFile()); ZipFile b = new ZipFile(other.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(mixed))) {
            copy(b, SimVGModelFile.MODEL_ENTRY, out);
            copy(a, SimVGModelFile.MANIFEST_ENTRY, out);
        }
        IOException e = assertThrows(IOException.class, () -> SimVG.load(mixed));
        assertTrue(e.getMessage().contains(mixed.toString()) && e.getMessage().contains("Adler32"), e.getMessage());
    }

    @Test
    void damagedFilesAreNamed() throws Exception {
        Path missing = dir.resolve("none.zip");
        assertTrue(assertThrows(IOException.class, () -> SimVG.load(missing)).getMessage().contains("not found"));

        Path notZip = Files.writeString(dir.resolve("model.zip"), "hello");
        IOException e = assertThrows(IOException.class, () -> SimVG.load(notZip));
        assertTrue(e.getMessage().contains(notZip.toString()) && e.getMessage().contains("not a SimVG model"),
                e.getMessage());

        PeerFixture f = fixture();
        Path file = dir.resolve("tiny.zip");
        SimVGModelFile.write(file, peerGraph(f), ModelManifest.of(f.config, GraphVariant.FULL, "", "", ""));
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException t = assertThrows(IOException.class, () -> SimVG.load(truncated));
        assertTrue(t.getMessage().contains(truncated.toString()), t.getMessage());

        Path noManifest = dir.resolve("nomanifest.zip");
        try (ZipFile a = new ZipFile(file.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(noManifest))) {
            copy(a, SimVGModelFile.MODEL_ENTRY, out);
        }
        IOException m = assertThrows(IOException.class, () -> SimVG.load(noManifest));
        assertTrue(m.getMessage().contains("manifest.json"), m.getMessage());

        Path badJson = dir.resolve("badjson.zip");
        try (ZipFile a = new ZipFile(file.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(badJson))) {
            copy(a, SimVGModelFile.MODEL_ENTRY, out);
            out.putNextEntry(new ZipEntry(SimVGModelFile.MANIFEST_ENTRY));
            out.write("{\"format\": \"simvg-model/1\", \"config\": {\"img_size\": 64}}".getBytes(StandardCharsets.UTF_8));
        }
        IOException j = assertThrows(IOException.class, () -> SimVG.load(badJson));
        assertTrue(j.getMessage().contains(badJson.toString()) && j.getMessage().contains("manifest.json"),
                j.getMessage());
    }

    @Test
    void extrasAreStoredAndVerified() throws Exception {
        PeerFixture f = fixture();
        Path file = dir.resolve("ckpt.zip");
        Map<String, SimVGModelFile.EntryWriter> extras = new LinkedHashMap<>();
        byte[] state = "{\"epoch\": 3}".getBytes(StandardCharsets.UTF_8);
        extras.put("trainer/state.json", out -> out.write(state));
        ModelManifest m = SimVGModelFile.write(file, peerGraph(f),
                ModelManifest.of(f.config, GraphVariant.FULL, "", "", ""), extras);
        assertTrue(m.checksums().containsKey("trainer/state.json"));
        assertArrayEquals(state, SimVGModelFile.readExtra(file, "trainer/state.json", InputStream::readAllBytes));
        IOException e = assertThrows(IOException.class,
                () -> SimVGModelFile.readExtra(file, "trainer/none.json", InputStream::readAllBytes));
        assertTrue(e.getMessage().contains("trainer/none.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimVGModelFile.write(dir.resolve("x.zip"),
                peerGraph(f), m, Map.of(SimVGModelFile.MANIFEST_ENTRY, OutputStream::flush)));
    }

    private static void copy(ZipFile from, String name, ZipOutputStream to) throws IOException {
        to.putNextEntry(new ZipEntry(name));
        try (InputStream in = from.getInputStream(from.getEntry(name))) {
            in.transferTo(to);
        }
        to.closeEntry();
    }
}
