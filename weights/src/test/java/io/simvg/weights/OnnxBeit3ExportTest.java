package io.simvg.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.onnx.OnnxWeightLoader;
import io.simvg.weights.torch.Beit3Conversion;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import io.simvg.zoo.weights.WeightLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A BEiT-3 encoder exported to ONNX on its own ({@code beit3.…} initializers, as export_beit3_onnx.py writes it):
 * made here from each peer export, it must load into SimVG's encoder with the same weights as the whole export, give
 * the peer's encoder output, load identically from external data, and convert to another image size.
 */
class OnnxBeit3ExportTest {

    private static final String VISION_TABLE = "vis_enc." + Beit3Conversion.POSITION_TABLE;

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> encoderExportLoadsIntoTheEncoder() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PeerFixture f : PeerFixture.all()) {
            for (Path onnx : f.onnxFiles()) {
                tests.add(DynamicTest.dynamicTest(f.name() + "/" + onnx.getFileName(), () -> check(f, onnx)));
            }
        }
        return tests.stream();
    }

    private void check(PeerFixture f, Path onnx) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "beit3");
        Path encoder = dir.resolve("beit3.onnx");
        OnnxRewrites.encoderOnly(onnx, encoder);

        SameDiff whole = build(f.config);
        OnnxWeightLoader.load(whole, onnx, GraphVariant.FULL, true);
        SameDiff fresh = build(f.config);
        SameDiff sd = build(f.config);
        LoadReport report = OnnxWeightLoader.loadBeit3(sd, encoder, f.config, true);

        for (SDVariable p : StateDictLoader.parameters(sd).values()) {
            INDArray got = p.getArr();
            if (p.name().equals(VISION_TABLE)) {
                // rows 0-1 are never read, so no export holds them; the rest must be the export's
                assertEquals(rowsFrom(whole.getVariable(p.name()).getArr(), 2), rowsFrom(got, 2), p.name());
            } else if (p.name().startsWith("vis_enc.")) {
                assertEquals(whole.getVariable(p.name()).getArr(), got, p.name());
            } else {
                assertEquals(fresh.getVariable(p.name()).getArr(), got, p.name() + " keeps its initialisation");
                assertTrue(report.partial().containsKey(p.name()), p.name() + " reported: " + report);
            }
        }
        INDArray encoderOut = sd.output(f.placeholders(DataType.FLOAT), "encoder_out").get("encoder_out");
        f.assertClose("encoder_out", f.outputs.get("encoder_out"), encoderOut);

        // the same export with its weights in a data file next to it
        Path ext = Files.createDirectory(dir.resolve("external"));
        assertTrue(OnnxRewrites.externalise(encoder, ext, "beit3.onnx") > 10);
        SameDiff external = build(f.config);
        OnnxWeightLoader.loadBeit3(external, ext.resolve("beit3.onnx"), f.config, true);
        for (SDVariable p : StateDictLoader.parameters(sd).values()) {
            assertEquals(p.getArr(), external.getVariable(p.name()).getArr(), p.name() + " from external data");
        }

        // into a model reading twice the image size: the vision table is interpolated like a checkpoint's
        SimVGConfig bigger = f.config.toBuilder().imgSize(f.config.imgSize() * 2).build();
        SameDiff converted = build(bigger);
        OnnxWeightLoader.loadBeit3(converted, encoder, bigger, true);
        INDArray table = whole.getVariable(VISION_TABLE).getArr().dup();
        table.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(0);
        INDArray expected = new Beit3Conversion(bigger.imgSize(), bigger.patchSize()).positionTable(table);
        assertEquals(expected, converted.getVariable(VISION_TABLE).getArr());

        // strict: a backbone tensor the export lacks is named
        StateDict raw = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        assertTrue(raw.contains("vis_enc.beit3.text_embed.weight"));
        SameDiff wrongVocab = build(f.config.toBuilder().vocabSize(f.config.vocabSize() + 1).build());
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> OnnxWeightLoader.loadBeit3(wrongVocab, encoder, f.config, true));
        assertTrue(e.getMessage().contains("text_embed.weight"), e.getMessage());
    }

    private static SameDiff build(SimVGConfig config) {
        return SimVGGraph.build(config, GraphVariant.FULL, DataType.FLOAT, 1);
    }

    private static INDArray rowsFrom(INDArray table, long start) {
        return table.get(NDArrayIndex.interval(start, table.rows()), NDArrayIndex.all());
    }
}
