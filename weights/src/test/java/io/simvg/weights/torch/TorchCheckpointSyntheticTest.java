package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.torch.TorchCheckpoint.Precision;
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
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The hand-written checkpoints of {@code weights/scripts/make_torch_test_files.py}: transposed, strided, expanded,
 * 0-d and empty tensors, storages shared by several tensors, a legacy storage view, every supported storage type,
 * pickle protocols 2 and 4, big-endian data; each against the values the script gathered in Python. Beside the
 * state dict the root holds a numpy float64 (as mmcv's {@code meta} does), which must not stop the load.
 */
class TorchCheckpointSyntheticTest {

    static final String[] FILES = {"synthetic_zip", "synthetic_zip_p4", "synthetic_legacy", "synthetic_big_endian"};

    static Path resource(String name) {
        try {
            return Path.of(TorchCheckpointSyntheticTest.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTensorMatchesThePythonGather() {
        return Stream.of(FILES).map(f -> DynamicTest.dynamicTest(f, () -> check(f)));
    }

    static void check(String stem) throws Exception {
        JsonNode expected = new ObjectMapper().readTree(Files.readAllBytes(resource(stem + ".json")));
        List<String> names = new ArrayList<>();
        expected.fieldNames().forEachRemaining(names::add);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(resource(stem + ".pth"))) {
            assertEquals(names, ckpt.names());
            assertEquals(stem.contains("legacy") ? "legacy" : "zip", ckpt.container());
            for (String name : names) {
                JsonNode want = expected.get(name);
                String dtype = want.get("dtype").asText();
                assertEquals(dtype, ckpt.tensors().get(name).dtype().name().toLowerCase(), name);
                long[] shape = new long[want.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = want.get("shape").get(i).asLong();
                }
                INDArray stored = ckpt.read(name, Precision.STORED);
                INDArray widened = ckpt.read(name);
                assertArrayEquals(shape, stored.shape(), name + " shape");
                assertArrayEquals(shape, widened.shape(), name + " shape");
                assertEquals(ckpt.tensors().get(name).dtype().nd4j(), stored.dataType(), name);
                assertEquals(ckpt.tensors().get(name).dtype().isFloating() ? DataType.FLOAT : stored.dataType(),
                        widened.dataType(), name);
                JsonNode data = want.get("data");
                assertEquals(data.size(), stored.length(), name);
                if (data.size() == 0) {
                    assertTrue(stored.isEmpty(), name);
                    continue;
                }
                double[] s = stored.castTo(DataType.DOUBLE).data().asDouble();
                double[] w = widened.castTo(DataType.DOUBLE).data().asDouble();
                for (int i = 0; i < data.size(); i++) {
                    double v = data.get(i).isBoolean() ? (data.get(i).asBoolean() ? 1 : 0) : data.get(i).asDouble();
                    assertEquals(v, s[i], 0.0, name + "[" + i + "]");
                    assertEquals(v, w[i], 0.0, name + "[" + i + "] as float32");
                }
                if (stored.dataType() == DataType.LONG) {
                    long[] l = stored.data().asLong();
                    for (int i = 0; i < l.length; i++) {
                        assertEquals(data.get(i).asLong(), l[i], name + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void descriptorsShowSharingAndStrides() {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(resource("synthetic_zip.pth"))) {
            assertEquals("model", ckpt.stateDictKey());
            Map<String, TensorInfo> t = ckpt.tensors();
            assertEquals(t.get("shared_a").storage().key(), t.get("shared_b").storage().key());
            assertEquals(t.get("transposed").storage().key(), t.get("param").storage().key());
            assertNotEquals(t.get("shared_a").offset(), t.get("shared_b").offset());
            assertFalse(t.get("transposed").isContiguous());
            assertFalse(t.get("sliced").isContiguous());
            assertTrue(t.get("shared_a").isContiguous());
            assertArrayEquals(new long[] {0, 1}, t.get("expanded").stride());
            assertEquals(Map.of("version", "Integer 2"), ckpt.skipped());
            assertThrows(IllegalArgumentException.class, () -> ckpt.read("no_such_tensor"));
        }
    }

    @Test
    void legacyViewIsAWindowOfItsRootStorage() {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(resource("synthetic_legacy.pth"))) {
            StorageRef view = ckpt.tensors().get("viewed").storage();
            assertEquals(ckpt.tensors().get("shared_a").storage().key(), view.key());
            assertEquals(4, view.viewOffset());
            assertEquals(6, view.numel());
            assertEquals(20, view.rootNumel());
        }
    }
}
