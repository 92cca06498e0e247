package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.onnx.OnnxWeightLoader;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SimVG checkpoints written by {@code torch.save} drive the graph to the PyTorch peer's outputs, every loading path
 * gives the same outputs, and a BEiT-3-style checkpoint lands in the encoder through the 224/16 conversion.
 */
class TorchWeightLoaderTest {

    @TestFactory
    Stream<DynamicTest> pthCheckpointsReproduceThePeer() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PeerFixture f : PeerFixture.all()) {
            for (String file : List.of("simvg_state_dict.pth", "simvg_state_dict_legacy.pth")) {
                Path pth = f.dir.resolve(file);
                if (Files.exists(pth)) {
                    tests.add(DynamicTest.dynamicTest(f.name() + "/" + file,
                            () -> f.assertOutputs(fromPth(f.config, pth), f.outputs)));
                }
            }
            Path fp16 = f.dir.resolve("simvg_state_dict_fp16.pth");
            if (Files.exists(fp16)) {
                tests.add(DynamicTest.dynamicTest(f.name() + "/simvg_state_dict_fp16.pth (float16 tolerance)", () -> {
                    SameDiff sd = fromPth(f.config, fp16);
                    Map<String, INDArray> out = sd.output(f.inputs, graphOutputs(f, sd));
                    for (Map.Entry<String, INDArray> e : f.outputs.entrySet()) {
                        if (!out.containsKey(e.getKey())) {
                            continue;   // post-processed boxes/scores: checked by the exact-weight tests
                        }
                        // float16 keeps 11 significant bits: every weight moves by <= 2^-11 relative; through the
                        // encoder and head the outputs move by about twice that (measured <= 1.0e-3 of the output's
                        // magnitude on the tiny peer). Bound: 8 * 2^-11 of max(1, max|output|).
                        double diff = Transforms.maxAbsDiff(e.getValue(), out.get(e.getKey()));
                        double scale = Math.max(1.0, e.getValue().amaxNumber().doubleValue());
                        assertTrue(diff <= 8 * Math.pow(2, -11) * scale,
                                f.name() + " " + e.getKey() + ": max |diff| " + diff);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyLoadingPathGivesIdenticalOutputs() {
        return PeerFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name() + ": raw, .pth, ONNX", () -> {
            SameDiff rawModel = raw(f);
            List<String> names = graphOutputs(f, rawModel);
            assertTrue(names.size() >= 5, f.name() + ": graph outputs to compare " + names);
            Map<String, INDArray> reference = rawModel.output(f.inputs, names);
            List<SameDiff> others = new ArrayList<>();
            for (String file : List.of("simvg_state_dict.pth", "simvg_state_dict_legacy.pth")) {
                if (Files.exists(f.dir.resolve(file))) {
                    others.add(fromPth(f.config, f.dir.resolve(file)));
                }
            }
            for (Path onnx : f.onnxFiles()) {
                SameDiff sd = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
                OnnxWeightLoader.load(sd, onnx, GraphVariant.FULL, true);
                others.add(sd);
            }
            assertTrue(others.size() >= 2, f.name() + ": fewer than two other weight files to compare");
            for (SameDiff sd : others) {
                Map<String, INDArray> out = sd.output(f.inputs, names);
                for (String n : names) {
                    assertEquals(reference.get(n), out.get(n), f.name() + " " + n);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> beit3CheckpointFillsTheEncoderThroughTheConversion() {
        return PeerFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name() + ": BEiT-3 224/16-style source", () -> {
            StateDict simvg = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
            SimVGConfig cfg = f.config;
            int srcPatch = cfg.patchSize() / 2;
            int srcGrid = cfg.imgSize() / srcPatch;
            long d = cfg.embedDim();
            // a "pretrained" BEiT-3: backbone names without vis_enc., half the patch size, a pretraining head
            StateDict beit3 = new StateDict();
            simvg.asMap().forEach((name, value) -> {
                if (name.startsWith("vis_enc.")) {
                    beit3.put(name.substring("vis_enc.".length()), value);
                }
            });
            beit3.put(Beit3Conversion.POSITION_TABLE, Nd4j.rand(DataType.FLOAT, 3 + srcGrid * srcGrid, d));
            beit3.put(Beit3Conversion.PATCH_KERNEL, Nd4j.rand(DataType.FLOAT, d, 3, srcPatch, srcPatch));
            beit3.put("mim_head.weight", Nd4j.rand(DataType.FLOAT, 4, d));

            SameDiff sd = SimVGGraph.build(cfg, GraphVariant.FULL, DataType.FLOAT, 1);
            String headParam = "head.text_guided_query_generation_transformer.post_norm_layer.weight";
            INDArray headBefore = sd.getVariable(headParam).getArr().dup();
            LoadReport report = TorchWeightLoader.loadBeit3(sd, v -> beit3.asMap().forEach(v), "beit3", cfg, true);

            Beit3Conversion conv = new Beit3Conversion(cfg.imgSize(), cfg.patchSize());
            assertEquals(conv.apply(Beit3Conversion.POSITION_TABLE, beit3.get(Beit3Conversion.POSITION_TABLE)),
                    sd.getVariable("vis_enc." + Beit3Conversion.POSITION_TABLE).getArr());
            assertEquals(conv.apply(Beit3Conversion.PATCH_KERNEL, beit3.get(Beit3Conversion.PATCH_KERNEL)),
                    sd.getVariable("vis_enc." + Beit3Conversion.PATCH_KERNEL).getArr());
            String textEmbed = "vis_enc.beit3.text_embed.weight";
            assertEquals(simvg.get(textEmbed), sd.getVariable(textEmbed).getArr());
            assertEquals(headBefore, sd.getVariable(headParam).getArr(), "the head keeps its initialisation");
            assertTrue(report.ignored().containsKey("mim_head.weight"), report.toString());
            assertTrue(report.partial().containsKey(headParam), report.toString());

            // a backbone tensor missing from the source: strict names it
            StateDict incomplete = new StateDict();
            beit3.asMap().forEach((n, v) -> {
                if (!("vis_enc." + n).equals(textEmbed)) {
                    incomplete.put(n, v);
                }
            });
            WeightLoadException e = assertThrows(WeightLoadException.class, () -> TorchWeightLoader.loadBeit3(
                    SimVGGraph.build(cfg, GraphVariant.FULL, DataType.FLOAT, 1), v -> incomplete.asMap().forEach(v),
                    "beit3", cfg, true));
            assertTrue(e.getMessage().contains(textEmbed), e.getMessage());
        }));
    }

    /** The fixture outputs that are graph variables (not the post-processed boxes and scores). */
    private static List<String> graphOutputs(PeerFixture f, SameDiff sd) {
        return f.outputs.keySet().stream().filter(sd::hasVariable).toList();
    }

    private static SameDiff fromPth(SimVGConfig config, Path pth) {
        SameDiff sd = SimVGGraph.build(config, GraphVariant.FULL, DataType.FLOAT, 1);
        TorchWeightLoader.load(sd, pth, GraphVariant.FULL, true);
        return sd;
    }

    private static SameDiff raw(PeerFixture f) throws Exception {
        SameDiff sd = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
        StateDictLoader.load(sd, StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json")),
                GraphVariant.FULL, true, "weights.bin");
        return sd;
    }

    /** Small numeric helpers. */
    private static final class Transforms {
        static double maxAbsDiff(INDArray a, INDArray b) {
            return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        }
    }
}
