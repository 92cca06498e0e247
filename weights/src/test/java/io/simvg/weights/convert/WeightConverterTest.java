package io.simvg.weights.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.torch.Beit3Conversion;
import io.simvg.weights.torch.BicubicInterpolation;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.PretrainedModel;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.TextPooling;
import io.simvg.zoo.TextPositionCode;
import io.simvg.zoo.Task;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every source format of a peer model converts into a model file that reproduces the peer's outputs. */
class WeightConverterTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everySourceConvertsToTheSameModel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PeerFixture f : PeerFixture.all()) {
            List<Path> sources = new ArrayList<>(f.onnxFiles());
            sources.add(f.dir.resolve("simvg_state_dict.pth"));
            sources.add(f.dir.resolve("simvg_state_dict_legacy.pth"));
            for (Path source : sources) {
                tests.add(DynamicTest.dynamicTest(f.name() + "/" + source.getFileName(), () -> {
                    Path out = dir.resolve(source.getFileName() + ".zip");
                    WeightConverter.Written w = WeightConverter.convert(source, f.config, null, true, "tok.spm", out,
                            "test");
                    assertEquals(SourceKind.SIMVG, w.kind());
                    assertEquals(source.getFileName().toString(), w.manifest().source());
                    PretrainedModel model = SimVG.load(out);
                    assertEquals(f.config, model.config());
                    f.assertOutputs(model.graph(), f.outputs);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aBeit3BackboneIsConvertedAndTheHeadInitialised() throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        StateDict simvg = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        StateDict beit3 = new StateDict();
        simvg.asMap().forEach((name, value) -> {
            if (name.startsWith("vis_enc.")) {
                beit3.put("model." + name.substring("vis_enc.".length()), value);
            }
        });
        long d = f.config.embedDim();
        int srcPatch = f.config.patchSize() / 2;
        int srcGrid = f.config.imgSize() / srcPatch;
        beit3.put("model." + Beit3Conversion.POSITION_TABLE, Nd4j.rand(DataType.FLOAT, 3 + srcGrid * srcGrid, d));
        beit3.put("model." + Beit3Conversion.PATCH_KERNEL, Nd4j.rand(DataType.FLOAT, d, 3, srcPatch, srcPatch));
        Path npz = dir.resolve("beit3.npz");
        beit3.writeNpz(npz);

        Path out = dir.resolve("from-beit3.zip");
        WeightConverter.Written w = WeightConverter.convert(npz, f.config.withTask(Task.GREC), null, true,
                ModelManifest.BUNDLED_TOKENIZER, out, "test");
        assertEquals(SourceKind.BEIT3, w.kind());
        assertEquals(Task.GREC, w.manifest().task());
        assertTrue(w.report().partial().keySet().stream().allMatch(n -> n.startsWith("head.")), w.report().toString());
        PretrainedModel model = SimVG.load(out);
        String textEmbed = "vis_enc.beit3.text_embed.weight";
        assertEquals(simvg.get(textEmbed), model.graph().getVariable(textEmbed).getArr());
        assertEquals(new Beit3Conversion(f.config.imgSize(), f.config.patchSize())
                        .positionTable(beit3.get("model." + Beit3Conversion.POSITION_TABLE)),
                model.graph().getVariable("vis_enc." + Beit3Conversion.POSITION_TABLE).getArr());
    }

    @Test
    void aCheckpointBecomesAPlainModelFile() throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        SameDiff peer = peerGraph(f);
        Path checkpoint = dir.resolve("checkpoint.zip");
        SimVGModelFile.write(checkpoint, peer, ModelManifest.of(f.config, GraphVariant.FULL, "tok", "", ""),
                Map.of("trainer/state.json", out -> out.write(new byte[] {'{', '}'})));
        Path out = dir.resolve("plain.zip");
        WeightConverter.Written w = WeightConverter.convert(checkpoint, f.config, null, true, "tok", out, "test");
        assertEquals(Set.of(SimVGModelFile.MODEL_ENTRY), w.manifest().checksums().keySet(), "trainer state left out");
        f.assertOutputs(SimVG.load(out).graph(), f.outputs);
        // the other task: every tensor fits but the queries, which a strict load names and a lenient one leaves
        WeightLoadException other = assertThrows(WeightLoadException.class,
                () -> WeightConverter.load(checkpoint, f.config.withTask(Task.GREC), null, true));
        assertTrue(other.getMessage().contains("head.query_embed.weight"), other.getMessage());
        LoadReport lenient = WeightConverter.load(checkpoint, f.config.withTask(Task.GREC), null, false).report();
        assertEquals(Set.of("head.query_embed.weight"), lenient.misShaped().keySet());
    }

    /** A trained model moves to smaller patches: grid and kernel resized, every other tensor as it was. */
    @Test
    void aModelFileOfAnotherPatchSizeIsResized() throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        SameDiff peer = peerGraph(f);
        Path file = trainedModelFile(f, peer);
        int patch = f.config.patchSize() / 2;
        SimVGConfig finer = f.config.toBuilder().patchSize(patch).build();
        assertTrue(WeightConverter.adapts(f.config, finer));

        SameDiff moved = WeightConverter.load(file, finer, null, true).graph();
        String table = "vis_enc." + Beit3Conversion.POSITION_TABLE;
        String kernel = "vis_enc." + Beit3Conversion.PATCH_KERNEL;
        int grid = finer.gridSize();
        assertArrayEquals(new long[] {3 + (long) grid * grid, finer.embedDim()},
                moved.getVariable(table).getArr().shape());
        INDArray k = peer.getVariable(kernel).getArr();
        INDArray expectedKernel = BicubicInterpolation.resize(k, patch, patch).mul(4);   // (k/patch)² = 4
        assertEquals(expectedKernel, moved.getVariable(kernel).getArr());
        assertSameParameters(peer, moved, Set.of(table, kernel));
        SimVGConfig wider = f.config.toBuilder().patchSize(patch).embedDim(2 * f.config.embedDim()).build();
        assertFalse(WeightConverter.adapts(f.config, wider));
        IOException other = assertThrows(IOException.class, () -> WeightConverter.load(file, wider, null, true));
        assertTrue(other.getMessage().contains(file.toString()), other.getMessage());
    }

    /** The intended text pooling and position code have no parameters: every tensor is taken as it is. */
    @Test
    void aModelFileMovesToTheIntendedTextPooling() throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        SameDiff peer = peerGraph(f);
        Path file = trainedModelFile(f, peer);
        SimVGConfig intended = f.config.toBuilder().textPooling(TextPooling.INTENDED)
                .textPositionCode(TextPositionCode.INTENDED).build();
        assertTrue(WeightConverter.adapts(f.config, intended));
        assertFalse(WeightConverter.adapts(f.config, f.config));
        assertSameParameters(peer, WeightConverter.load(file, intended, null, true).graph(), Set.of());
    }

    private static SameDiff peerGraph(PeerFixture f) throws IOException {
        return WeightConverter.load(f.dir.resolve("simvg_state_dict.pth"), f.config, null, true).graph();
    }

    private Path trainedModelFile(PeerFixture f, SameDiff graph) throws IOException {
        Path file = dir.resolve("trained.zip");
        SimVGModelFile.write(file, graph, ModelManifest.of(f.config, GraphVariant.FULL, "tok", "", ""));
        return file;
    }

    /** Every parameter of {@code from} but {@code except} has the same value in {@code to}. */
    private static void assertSameParameters(SameDiff from, SameDiff to, Set<String> except) {
        StateDictLoader.parameters(from).forEach((name, v) -> {
            if (!except.contains(name)) {
                assertEquals(v.getArr(), to.getVariable(name).getArr(), name);
            }
        });
    }

    @Test
    void unknownNamesAreRefusedNamingTheFile() throws Exception {
        StateDict other = new StateDict();
        other.put("resnet.conv1.weight", Nd4j.zeros(DataType.FLOAT, 2, 2));
        Path npz = dir.resolve("resnet.npz");
        other.writeNpz(npz);
        PeerFixture f = PeerFixture.all().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightConverter.load(npz, f.config, null, true));
        assertTrue(e.getMessage().contains("beit3."), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> WeightConverter.load(dir.resolve("none.pth"), f.config, null, true));
        assertTrue(missing.getMessage().contains("none.pth"), missing.getMessage());
    }
}
