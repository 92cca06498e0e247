package io.simvg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.onnx.OnnxWeightLoader;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.LoadReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OnnxParityTest {

    static final List<String> OUTPUTS = List.of("encoder_out", "query_embed", "decoder_hs", "dec_logits",
            "dec_boxes", "tok_logits", "tok_boxes");

    @TestFactory
    Stream<DynamicTest> everyOnnxExportOfEveryFixture() {
        return PeerFixture.all().stream().flatMap(f -> f.onnxFiles().stream().map(onnx ->
                DynamicTest.dynamicTest(f.name() + "/" + onnx.getFileName(), () -> check(f, onnx))));
    }

    static void check(PeerFixture f, Path onnx) throws Exception {
        SameDiff sd = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
        LoadReport report = OnnxWeightLoader.load(sd, onnx, GraphVariant.FULL, true);
        System.out.println(report);
        Map<String, INDArray> out = sd.output(f.placeholders(DataType.FLOAT), OUTPUTS.toArray(new String[0]));
        for (String name : OUTPUTS) {
            INDArray e = f.outputs.get(name);
            INDArray a = out.get(name);
            assertArrayEquals(e.shape(), a.shape(), name);
            double diff = e.castTo(DataType.DOUBLE).sub(a.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            System.out.printf("%-14s max abs diff %.3g%n", name, diff);
            assertTrue(diff <= f.tolerance, name + " " + diff);
        }
    }
}
