package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Double-precision gradient checks of the set criterion (stage DECODER, with aux layers) and of the DWBD total with
 * respect to logits and boxes, for a fixed assignment: analytic gradients against central differences of every
 * element.
 */
class CriterionGradientTest {

    static final float[][][] TARGETS = {{{0.4f, 0.5f, 0.3f, 0.2f}, {0.7f, 0.3f, 0.2f, 0.4f}}, {}, {{0.5f, 0.5f, 0.6f, 0.5f}}};

    @Test
    void setCriterionGradients() {
        check(TrainingStage.DECODER);
    }

    @Test
    void distillationTotalGradients() {
        check(TrainingStage.ONE_STAGE);
    }

    static void check(TrainingStage stage) {
        Nd4j.getRandom().setSeed(11);
        int b = TARGETS.length;
        int nq = 3;
        int layers = 2;
        SameDiff sd = SameDiff.create();
        List<SDVariable> logits = new ArrayList<>();
        List<SDVariable> boxes = new ArrayList<>();
        List<INDArray> logitValues = new ArrayList<>();
        List<INDArray> boxValues = new ArrayList<>();
        for (int l = 0; l <= layers; l++) { // the last pair is the token branch
            INDArray lv = Nd4j.randn(DataType.DOUBLE, b, nq, 2);
            INDArray bv = Nd4j.rand(DataType.DOUBLE, b, nq, 4).muli(0.5).addi(0.2);
            logitValues.add(lv);
            boxValues.add(bv);
            logits.add(sd.var("logits_" + l, lv));
            boxes.add(sd.var("boxes_" + l, bv));
        }
        SimVGCriterion criterion = new SimVGCriterion(sd, logits.subList(0, layers), boxes.subList(0, layers),
                logits.get(layers), boxes.get(layers), nq, stage, 2.0, 1.0, SetCriterion.EOS_COEF);
        Map<String, INDArray> ph = new HashMap<>(criterion.prepare(logitValues.subList(0, layers),
                boxValues.subList(0, layers), logitValues.get(layers), boxValues.get(layers), TARGETS).placeholders());
        ph.replaceAll((k, v) -> v.castTo(DataType.DOUBLE));
        sd.setLossVariables(criterion.total());

        List<String> names = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            names.add("logits_" + l);
            names.add("boxes_" + l);
        }
        if (!stage.distills()) {
            names.remove("logits_" + layers);
            names.remove("boxes_" + layers);
        }
        // One pass gives every loss term for logging and the gradients (what a training step reads).
        var both = sd.calculateGradientsAndOutputs(ph, criterion.terms().keySet(), names);
        Map<String, INDArray> grads = both.getGradients();
        Map<String, INDArray> terms = both.getOutputs();
        double sum = terms.get("loss_dgt").getDouble(0) + (stage.distills()
                ? terms.get("loss_tgt").getDouble(0) + terms.get("loss_kd").getDouble(0) : 0);
        assertEquals(terms.get(SimVGCriterion.TOTAL).getDouble(0), sum, 1e-9, "total = sum of its terms");
        assertTrue(terms.get("dec_0_loss_class").getDouble(0) > 0, "terms are the real values, not 0");
        List<String> failures = new ArrayList<>();
        for (String n : names) {
            INDArray p = sd.getVariable(n).getArr();
            for (long i = 0; i < p.length(); i++) {
                double o = p.getDouble(i);
                p.putScalar(i, o + 1e-6);
                double plus = total(sd, ph);
                p.putScalar(i, o - 1e-6);
                double minus = total(sd, ph);
                p.putScalar(i, o);
                double numeric = (plus - minus) / 2e-6;
                double analytic = grads.get(n).getDouble(i);
                if (Math.abs(analytic - numeric) > 1e-6 + 1e-4 * Math.abs(numeric)) {
                    failures.add(n + "[" + i + "]: analytic " + analytic + ", numeric " + numeric);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static double total(SameDiff sd, Map<String, INDArray> ph) {
        return sd.output(ph, SimVGCriterion.TOTAL).get(SimVGCriterion.TOTAL).getDouble(0);
    }
}
