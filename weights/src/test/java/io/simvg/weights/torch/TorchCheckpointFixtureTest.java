package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.torch.TorchCheckpoint.Precision;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every {@code .pth} checkpoint of every peer fixture directory (system property {@code simvg.peer.fixtures}) holds
 * exactly the reference tensors of its {@code weights.bin}/{@code weights.json}, by name, order and shape: the zip
 * and legacy float32 files bit for bit, the float16 file within float16 rounding.
 */
class TorchCheckpointFixtureTest {

    static final String[] FILES = {"simvg_state_dict.pth", "simvg_state_dict_legacy.pth", "simvg_state_dict_fp16.pth"};

    /** (fixture, checkpoint) pairs; every fixture with raw weights must ship the three checkpoint forms. */
    static List<Path[]> checkpoints() {
        List<Path[]> out = new ArrayList<>();
        for (PeerFixture f : PeerFixture.all()) {
            if (!Files.exists(f.dir.resolve("weights.bin"))) {
                continue;
            }
            for (String name : FILES) {
                Path pth = f.dir.resolve(name);
                assertTrue(Files.isRegularFile(pth), "fixture " + f.dir + " lacks " + name);
                out.add(new Path[] {f.dir, pth});
            }
        }
        assertFalse(out.isEmpty(), "no peer fixture with weights.bin under " + PeerFixture.root());
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyTensorEqualsTheReference() {
        return checkpoints().stream().map(p -> DynamicTest.dynamicTest(
                p[0].getFileName() + "/" + p[1].getFileName(), () -> compare(p[0], p[1])));
    }

    static void compare(Path dir, Path pth) throws Exception {
        StateDict ref = StateDict.readRaw(dir.resolve("weights.bin"), dir.resolve("weights.json"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(pth)) {
            assertTrue(ckpt.stateDictKey() == null || TorchCheckpoint.STATE_DICT_KEYS.contains(ckpt.stateDictKey()));
            assertEquals(List.copyOf(ref.asMap().keySet()), ckpt.names(), pth + ": names and their order");
            boolean half = ckpt.tensors().values().iterator().next().dtype() == TorchDType.FLOAT16;
            assertEquals(pth.getFileName().toString().contains("fp16"), half, pth + ": storage type");
            int[] seen = {0};
            ckpt.forEach((name, got) -> {
                INDArray want = ref.get(name);
                assertArrayEquals(want.shape(), got.shape(), name + " shape");
                assertEquals(DataType.FLOAT, got.dataType(), name);
                float[] w = want.data().asFloat();
                float[] g = got.data().asFloat();
                if (half) {
                    for (int i = 0; i < w.length; i++) {
                        assertTrue(Math.abs(g[i] - w[i]) <= halfRounding(w[i]),
                                name + "[" + i + "]: " + g[i] + " is not float16(" + w[i] + ")");
                    }
                } else {
                    assertArrayEquals(w, g, name); // bit for bit
                }
                seen[0]++;
            });
            assertEquals(ref.size(), seen[0]);
        }
    }

    /**
     * The largest error of rounding {@code x} to the nearest float16: half a unit in the last place, i.e. 2^-11 of
     * |x| for normal values, and half the subnormal spacing 2^-24 (2^-25) below 2^-14.
     */
    static double halfRounding(float x) {
        return Math.abs((double) x) * 0x1p-11 + 0x1p-25;
    }

    /** The stored float16 type is kept on request and widens exactly to the default float32 read. */
    @TestFactory
    Stream<DynamicTest> storedPrecisionKeepsFloat16() {
        return checkpoints().stream().filter(p -> p[1].getFileName().toString().contains("fp16"))
                .map(p -> DynamicTest.dynamicTest(p[0].getFileName() + "/" + p[1].getFileName(), () -> {
                    try (TorchCheckpoint ckpt = TorchCheckpoint.open(p[1])) {
                        for (String name : ckpt.names()) {
                            INDArray stored = ckpt.read(name, Precision.STORED);
                            assertEquals(DataType.HALF, stored.dataType(), name);
                            assertArrayEquals(ckpt.read(name).data().asFloat(),
                                    stored.castTo(DataType.FLOAT).data().asFloat(), name);
                        }
                    }
                }));
    }

    /** The state dict found by the key search is the one named explicitly; other keys fail with the top-level keys. */
    @TestFactory
    Stream<DynamicTest> stateDictKeys() {
        return checkpoints().stream().map(p -> DynamicTest.dynamicTest(
                p[0].getFileName() + "/" + p[1].getFileName(), () -> {
                    List<String> names;
                    String key;
                    try (TorchCheckpoint ckpt = TorchCheckpoint.open(p[1])) {
                        names = ckpt.names();
                        key = ckpt.stateDictKey();
                    }
                    try (TorchCheckpoint named = TorchCheckpoint.open(p[1], key == null ? "" : key)) {
                        assertEquals(names, named.names());
                    }
                    TorchFormatException e = org.junit.jupiter.api.Assertions.assertThrows(TorchFormatException.class,
                            () -> TorchCheckpoint.open(p[1], "no_such_key"));
                    assertTrue(e.getMessage().contains(p[1].toString()) && e.getMessage().contains("top-level keys"),
                            e.getMessage());
                }));
    }

    @Test
    void toStateDictEqualsForEach() {
        Path[] p = checkpoints().get(0);
        StateDict all = TorchCheckpoint.readStateDict(p[1]);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(p[1])) {
            assertEquals(ckpt.names(), List.copyOf(all.asMap().keySet()));
            for (Map.Entry<String, INDArray> e : all.asMap().entrySet()) {
                assertEquals(ckpt.read(e.getKey()), e.getValue(), e.getKey());
            }
        }
    }
}
