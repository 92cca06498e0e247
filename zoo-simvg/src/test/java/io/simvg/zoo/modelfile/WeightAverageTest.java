package io.simvg.zoo.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;

/** Averaging model files: every parameter is the element-wise mean; other architectures and single files refused. */
class WeightAverageTest {

    @TempDir
    Path dir;

    private Path write(String name, long seed, Task task) throws IOException {
        SameDiff sd = SimVG.builder().config(SimVGConfig.TINY).task(task).seed(seed).build().init();
        Path file = dir.resolve(name);
        SimVGModelFile.write(file, sd, ModelManifest.of(SimVGConfig.TINY.withTask(task),
                GraphVariant.FULL, "tok.spm", "seed " + seed, "test"));
        return file;
    }

    @Test
    void everyParameterIsTheMeanOfTheFiles() throws IOException {
        List<Path> files = List.of(write("a.zip", 1, Task.REC), write("b.zip", 2, Task.REC),
                write("c.zip", 3, Task.REC));
        SimVGModelFile.Loaded avg = WeightAverage.of(files, "test average");
        SameDiff a = SimVGModelFile.read(files.get(0)).graph();
        SameDiff b = SimVGModelFile.read(files.get(1)).graph();
        SameDiff c = SimVGModelFile.read(files.get(2)).graph();
        int checked = 0;
        boolean seedsDiffer = false;
        for (SDVariable v : avg.graph().variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            float[] x = a.getArrForVarName(v.name()).castTo(DataType.FLOAT).ravel().toFloatVector();
            float[] y = b.getArrForVarName(v.name()).castTo(DataType.FLOAT).ravel().toFloatVector();
            float[] z = c.getArrForVarName(v.name()).castTo(DataType.FLOAT).ravel().toFloatVector();
            float[] g = v.getArr().castTo(DataType.FLOAT).ravel().toFloatVector();
            for (int i = 0; i < g.length; i++) {
                seedsDiffer |= x[i] != y[i];
                assertEquals((x[i] + (double) y[i] + z[i]) / 3, g[i], 1e-6, v.name() + "[" + i + "]");
            }
            checked++;
        }
        assertTrue(seedsDiffer, "the three files hold different weights");
        assertTrue(checked > 50, "parameters checked: " + checked);
        assertEquals("average of a.zip, b.zip, c.zip", avg.manifest().source());
        assertEquals(SimVGConfig.TINY.withTask(Task.REC), avg.manifest().config());
        assertEquals("tok.spm", avg.manifest().tokenizer());
    }

    @Test
    void anotherArchitectureOrASingleFileIsRefused() throws IOException {
        Path rec = write("rec.zip", 1, Task.REC);
        Path grec = write("grec.zip", 2, Task.GREC);
        IOException e = assertThrows(IOException.class, () -> WeightAverage.of(List.of(rec, grec), "test"));
        assertTrue(e.getMessage().startsWith(grec.toString()) && e.getMessage().contains("GREC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(List.of(rec), "test"));
    }
}
