package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PretrainedTest {

    @Test
    void npzRoundTripLoadsTheFixtureModel(@TempDir Path dir) throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        StateDict dict = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        dict.put("criterion.empty_weight", Nd4j.createFromArray(1f, 0.1f)); // official buffer: recognised, ignored
        Path npz = dir.resolve("tiny.npz");
        dict.writeNpz(npz);

        SimVG zoo = SimVG.builder().config(f.config).build();
        SameDiff sd = zoo.initPretrained(npz, SimVG.adler32(npz));
        f.assertOutputs(sd, f.outputs);

        IOException e = assertThrows(IOException.class, () -> zoo.initPretrained(npz, 12345L));
        assertTrue(e.getMessage().contains(npz.toString()) && e.getMessage().contains("12345"), e.getMessage());
    }

    @Test
    void mismatchesAreNamed(@TempDir Path dir) throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        StateDict full = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        SimVG zoo = SimVG.builder().config(f.config).build();

        StateDict broken = new StateDict();
        for (Map.Entry<String, INDArray> e : full.asMap().entrySet()) {
            if (e.getKey().equals("head.mlp.layers.0.bias")) {
                continue; // missing
            }
            INDArray v = e.getKey().equals("head.query_embed.weight") ? Nd4j.zeros(DataType.FLOAT, 3, 32) : e.getValue();
            broken.put(e.getKey(), v);
        }
        broken.put("head.extra.weight", Nd4j.zeros(DataType.FLOAT, 2));
        Path npz = dir.resolve("broken.npz");
        broken.writeNpz(npz);
        WeightLoadException ex = assertThrows(WeightLoadException.class, () -> zoo.initPretrained(npz));
        String m = ex.getMessage();
        assertTrue(m.contains("missing: head.mlp.layers.0.bias"), m);
        assertTrue(m.contains("unexpected: head.extra.weight"), m);
        assertTrue(m.contains("mis-shaped: head.query_embed.weight") && m.contains("[3, 32]"), m);

        Path junk = dir.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        IOException io = assertThrows(IOException.class, () -> zoo.initPretrained(junk));
        assertTrue(io.getMessage().contains(junk.toString()), io.getMessage());
    }

    @Test
    void metaDataDescribesTheInputs() {
        SimVG zoo = SimVG.builder().build();
        assertEquals("simvg", zoo.modelName());
        assertEquals(640, zoo.metaData().inputShapes()[0][1]);
        assertEquals(20, zoo.metaData().inputShapes()[1][0]);
        assertEquals(230_155_276L, ParameterCountTest.expected(zoo.config()));
        assertTrue(zoo.pretrainedUrl(PretrainedType.BEIT3_BASE_PATCH16_224).endsWith("beit3_base_patch16_224.zip"));
        assertEquals(10, SimVG.builder().task(Task.GREC).build().config().numQueries());
    }
}
