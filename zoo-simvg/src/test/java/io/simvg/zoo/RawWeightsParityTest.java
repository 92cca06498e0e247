package io.simvg.zoo;

import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The graph alone (no ONNX mapping involved) reproduces the PyTorch peer from the fixture's raw state dict
 * ({@code weights.bin}); the acceptance test on the ONNX exports lives in the weights module.
 */
class RawWeightsParityTest {

    @TestFactory
    Stream<DynamicTest> officialPooling() {
        return PeerFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name() + " (weights.bin, official pool)",
                () -> f.assertOutputs(load(f, f.config), f.outputs)));
    }

    @TestFactory
    Stream<DynamicTest> intendedPooling() {
        return PeerFixture.all().stream().filter(f -> !f.altOutputs.isEmpty()).map(f -> DynamicTest.dynamicTest(
                f.name() + " (weights.bin, masked max pool)",
                () -> f.assertOutputs(load(f, f.config.withTextPooling(TextPooling.INTENDED)), f.altOutputs)));
    }

    static SameDiff load(PeerFixture f, SimVGConfig config) throws Exception {
        SameDiff sd = SimVGGraph.build(config, GraphVariant.FULL, DataType.FLOAT, 1);
        StateDict dict = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        StateDictLoader.load(sd, dict, GraphVariant.FULL, true, "weights.bin");
        return sd;
    }
}
