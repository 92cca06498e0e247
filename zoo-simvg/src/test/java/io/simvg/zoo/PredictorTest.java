package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.predict.BoxPostProcessor;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import io.simvg.zoo.predict.SimVGPredictor;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PredictorTest {

    /** Three queries of one sample, values worked out by hand. */
    static final INDArray LOGITS = Nd4j.createFromArray(new float[][][] {{{2f, 0f}, {0f, 0f}, {3f, 0f}}});
    static final INDArray BOXES = Nd4j.createFromArray(new float[][][] {{
        {0.5f, 0.5f, 0.5f, 0.25f},   // x 25..75, y 37.5..62.5 of 100
        {0.1f, 0.5f, 0.4f, 0.2f},    // x -10..30 clipped to 0..30
        {0.5f, 0.5f, 0.0f, 0.5f}}}); // zero width: dropped although it scores best

    @Test
    void postProcessingFollowsTheOfficialSteps() {
        List<Detection> all = BoxPostProcessor.surviving(LOGITS, BOXES, 100, 100).get(0);
        assertEquals(2, all.size(), "the zero-width box is dropped");
        Detection a = all.get(0);
        assertEquals(25.0, a.x1(), 1e-5);
        assertEquals(37.5, a.y1(), 1e-5);
        assertEquals(75.0, a.x2(), 1e-5);
        assertEquals(62.5, a.y2(), 1e-5);
        assertEquals(1 / (1 + Math.exp(-2)), a.score(), 1e-6);
        Detection b = all.get(1);
        assertEquals(0.0, b.x1(), 0.0, "clipped at the left border");
        assertEquals(30.0, b.x2(), 1e-5);
        assertEquals(0.5, b.score(), 1e-6);

        List<Detection> rec = new BoxPostProcessor(Task.REC, 0.7).process(LOGITS, BOXES, 100, 100).get(0);
        assertEquals(List.of(a), rec, "REC: best surviving query");
        assertEquals(List.of(a), new BoxPostProcessor(Task.GREC, 0.7).process(LOGITS, BOXES, 100, 100).get(0));
        assertEquals(List.of(a, b), new BoxPostProcessor(Task.GREC, 0.5).process(LOGITS, BOXES, 100, 100).get(0),
                "GREC keeps score >= threshold, best first");
        INDArray allEmpty = Nd4j.createFromArray(new float[][][] {{{0.5f, 0.5f, 0f, 0f}}});
        assertTrue(new BoxPostProcessor(Task.REC, 0.7).process(Nd4j.zeros(DataType.FLOAT, 1, 1, 2), allEmpty, 64, 64)
                .get(0).isEmpty(), "REC with only an empty box returns nothing (PyTorch would raise)");
    }

    @Test
    void predictorReproducesTheFixtureBoxes() throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        SameDiff sd = SimVG.builder().config(f.config).build().init();
        StateDictLoader.load(sd, StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json")),
                GraphVariant.FULL, true, "weights.bin");
        INDArray img = f.inputs.get("img");
        INDArray ids = f.inputs.get("ref_expr_inds");
        INDArray mask = f.inputs.get("text_attention_mask");
        for (Branch branch : Branch.values()) {
            String prefix = branch == Branch.TOKEN ? "tok" : "dec";
            SimVGPredictor p = new SimVGPredictor(sd, f.config, branch, Task.REC, 0.7);
            List<List<Detection>> got = p.predict(img, ids, mask);
            INDArray boxes = f.outputs.get(prefix + "_pred_bbox_xyxy");
            for (int i = 0; i < got.size(); i++) {
                Detection d = got.get(i).get(0);
                assertEquals(boxes.getDouble(i, 0), d.x1(), 1e-3);
                assertEquals(boxes.getDouble(i, 3), d.y2(), 1e-3);
                assertEquals(f.outputs.get(prefix + "_pred_score").getDouble(i), d.score(), 1e-4);
            }
            List<List<Detection>> original = p.predict(img, ids, mask, new int[][] {{640, 480}, {32, 128}});
            Detection d = original.get(1).get(0);
            assertEquals(boxes.getDouble(1, 0) * 32.0 / f.config.imgSize(), d.x1(), 1e-3);
            assertEquals(boxes.getDouble(1, 1) * 128.0 / f.config.imgSize(), d.y1(), 1e-3);
        }
        // both branches from one forward pass: the best surviving query of each is the fixture's REC box
        Map<Branch, List<List<Detection>>> both = new SimVGPredictor(sd, f.config).surviving(img, ids, mask,
                List.of(Branch.TOKEN, Branch.DECODER));
        for (Branch branch : Branch.values()) {
            String prefix = branch == Branch.TOKEN ? "tok" : "dec";
            for (int i = 0; i < both.get(branch).size(); i++) {
                Detection best = both.get(branch).get(i).stream().max(Comparator.comparingDouble(Detection::score))
                        .orElseThrow();
                assertEquals(f.outputs.get(prefix + "_pred_bbox_xyxy").getDouble(i, 2), best.x2(), 1e-3);
                assertEquals(f.outputs.get(prefix + "_pred_score").getDouble(i), best.score(), 1e-4);
            }
        }
        SimVGPredictor p = new SimVGPredictor(sd, f.config);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.predict(Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 32), ids, mask));
        assertTrue(e.getMessage().contains("image") && e.getMessage().contains("32"), e.getMessage());
    }
}
