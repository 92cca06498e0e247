package io.simvg.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.weights.onnx.OnnxWeightLoader;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PeerFixture;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** A strict ONNX import names every tensor that does not fit; unreadable files name the file. */
class OnnxLoaderErrorsTest {

    @Test
    void aModelOfAnotherShapeIsRejectedByName() {
        PeerFixture f = PeerFixture.all().get(0);
        Path onnx = f.onnxFiles().get(0);
        SimVGConfig other = f.config.toBuilder().vocabSize(f.config.vocabSize() + 1).build().withTask(Task.GREC);
        SameDiff sd = SimVGGraph.build(other, GraphVariant.FULL, DataType.FLOAT, 1);
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> OnnxWeightLoader.load(sd, onnx, GraphVariant.FULL, true));
        String m = e.getMessage();
        assertTrue(m.contains("mis-shaped: vis_enc.beit3.text_embed.weight"), m);
        assertTrue(m.contains("head.query_embed.weight"), m);
    }

    @Test
    void lenientImportListsInsteadOfFailing() throws IOException {
        PeerFixture f = PeerFixture.all().get(0);
        SimVGConfig deeper = f.config.toBuilder().depth(f.config.depth() + 1).build();
        SameDiff sd = SimVGGraph.build(deeper, GraphVariant.FULL, DataType.FLOAT, 1);
        LoadReport r = OnnxWeightLoader.load(sd, f.onnxFiles().get(0), GraphVariant.FULL, false);
        assertFalse(r.isComplete());
        assertTrue(r.missing().stream().anyMatch(n -> n.contains("encoder.layers." + f.config.depth() + ".")),
                r.toString());
    }

    @Test
    void corruptFilesNameTheFile(@TempDir Path dir) throws IOException {
        SameDiff sd = SimVGGraph.build(SimVGConfig.TINY, GraphVariant.FULL, DataType.FLOAT, 1);
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        IOException e = assertThrows(IOException.class, () -> OnnxWeightLoader.load(sd, junk, GraphVariant.FULL, true));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        Path missing = dir.resolve("missing.onnx");
        e = assertThrows(IOException.class, () -> OnnxWeightLoader.load(sd, missing, GraphVariant.FULL, true));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
