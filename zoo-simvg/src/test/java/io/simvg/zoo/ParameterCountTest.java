package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.StateDictLoader;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Parameter counts: BASE_32 REC must hold exactly the official 230,155,276 (BEiT-3's unused mask token included),
 * and the graph agrees with an independent count from the module definitions (SIMVG.md §1.4.4b).
 */
class ParameterCountTest {

    @Test
    void base32RecHasTheOfficialCount() {
        assertEquals(230_155_276L, count(SimVGGraph.build(SimVGConfig.BASE_32, GraphVariant.FULL, DataType.FLOAT, 1)));
        assertEquals(230_155_276L, expected(SimVGConfig.BASE_32));
        assertEquals(230_155_276L + 9 * 256, expected(SimVGConfig.BASE_32.withTask(Task.GREC)));
    }

    @Test
    void graphMatchesTheDefinitionsForOtherShapes() {
        // LARGE_32's layout at two layers (the full model is too large for a unit test); the formula covers depth.
        SimVGConfig large = SimVGConfig.LARGE_32.toBuilder().depth(2).vocabSize(500).build().withTask(Task.GREC);
        assertEquals(expected(large), count(SimVGGraph.build(large, GraphVariant.FULL, DataType.FLOAT, 1)));
        SimVGConfig tiny = SimVGConfig.TINY.toBuilder().numTokenMlpLayers(2).decLayers(3).build();
        assertEquals(expected(tiny), count(SimVGGraph.build(tiny, GraphVariant.FULL, DataType.FLOAT, 1)));
    }

    static long count(SameDiff sd) {
        long n = 0;
        for (SDVariable v : StateDictLoader.parameters(sd).values()) {
            n += v.getArr().length();
        }
        return n;
    }

    /** Independent count from the official module definitions. */
    static long expected(SimVGConfig c) {
        long d = c.embedDim();
        long f = c.ffnDim();
        long expert = 4 * (d * d + d) + 3 * 2 * d + (d * f + f) + 2 * f + (f * d + d);
        long encoder = (long) c.vocabSize() * d + d * c.inChans() * c.patchSize() * c.patchSize() + d + 2 * d
                + (long) c.visionPositions() * d + (long) c.maxSourcePositions() * d
                + c.depth() * 2 * expert + 2 * 2 * d;
        long h = c.headDim();
        long attention = 3 * h * h + 3 * h + h * h + h;
        long tqgLayer = 2 * attention + 3 * 2 * h + (h * c.tqgFfn() + c.tqgFfn()) + (c.tqgFfn() * h + h);
        long decLayer = 2 * attention + 3 * 2 * h + (h * c.decFfn() + c.decFfn()) + (c.decFfn() * h + h);
        long heads = 2 * ((h * (c.numClasses() + 1) + c.numClasses() + 1) + 2 * (h * h + h) + (h * 4 + 4));
        long head = c.decLayers() * decLayer + 2 * h + c.tqgLayers() * tqgLayer + 2 * h
                + 3 * (d * h + h) + c.numTokenMlpLayers() * (h * h + h) + heads + (long) c.numQueries() * h;
        return encoder + head;
    }
}
