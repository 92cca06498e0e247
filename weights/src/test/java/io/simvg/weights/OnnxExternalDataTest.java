package io.simvg.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.onnx.OnnxWeightLoader;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ONNX files whose initializers live in a separate data file (how large models are exported; M2.1's own importer reads
 * them as zeros): each peer export is rewritten that way here, and must load exactly like the inline original.
 */
class OnnxExternalDataTest {

    private static final String DATA_FILE = OnnxRewrites.dataFile("model.onnx");

    @TestFactory
    Stream<DynamicTest> externalDataLoadsLikeInlineData() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PeerFixture f : PeerFixture.all()) {
            for (Path onnx : f.onnxFiles()) {
                tests.add(DynamicTest.dynamicTest(f.name() + "/" + onnx.getFileName() + " with external data", () -> {
                    Path dir = Files.createTempDirectory("simvg-onnx-ext");
                    try {
                        int moved = OnnxRewrites.externalise(onnx, dir, "model.onnx");
                        assertTrue(moved > 10, "initializers moved to the data file: " + moved);
                        SameDiff inline = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
                        OnnxWeightLoader.load(inline, onnx, GraphVariant.FULL, true);
                        SameDiff external = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
                        OnnxWeightLoader.load(external, dir.resolve("model.onnx"), GraphVariant.FULL, true);
                        for (SDVariable p : StateDictLoader.parameters(inline).values()) {
                            assertEquals(p.getArr(), external.getVariable(p.name()).getArr(), p.name());
                        }

                        Files.delete(dir.resolve(DATA_FILE));
                        IOException e = assertThrows(IOException.class, () -> OnnxWeightLoader.load(
                                SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1),
                                dir.resolve("model.onnx"), GraphVariant.FULL, true));
                        assertTrue(e.getMessage().contains(DATA_FILE), e.getMessage());
                    } finally {
                        try (Stream<Path> files = Files.list(dir)) {
                            for (Path p : files.toList()) {
                                Files.delete(p);
                            }
                        }
                        Files.delete(dir);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
