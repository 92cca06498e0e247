package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The graph reproduces the PyTorch peer outputs from the fixture's raw state dict ({@code weights.bin}). */
class RawWeightsParityTest {

    static final List<String> OUTPUTS = List.of("encoder_out", "query_embed", "decoder_hs", "dec_logits",
            "dec_boxes", "tok_logits", "tok_boxes");

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesItsPeer() {
        return PeerFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name() + " (weights.bin)", () -> {
            SameDiff sd = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
            StateDict dict = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
            StateDictLoader.load(sd, dict, GraphVariant.FULL, true, "weights.bin");
            Map<String, INDArray> out = sd.output(f.placeholders(DataType.FLOAT), OUTPUTS.toArray(new String[0]));
            for (String name : OUTPUTS) {
                assertClose(name, f.outputs.get(name), out.get(name), f.tolerance);
            }
        }));
    }

    static void assertClose(String name, INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.printf("%-14s max abs diff %.3g%n", name, diff);
        assertTrue(diff <= tol, name + ": max |diff| " + diff + " > " + tol);
    }
}
