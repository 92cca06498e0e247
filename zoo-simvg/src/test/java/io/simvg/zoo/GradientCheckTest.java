package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.graph.Layers;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.StateDictLoader;
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
 * The TINY graph is trainable: in double precision, analytic gradients of a loss touching every output match
 * central finite differences for every trainable variable (a few random elements of each).
 */
class GradientCheckTest {

    @Test
    void everyTrainableVariableOfTinyHasCorrectGradients() {
        Nd4j.getRandom().setSeed(42);
        // Two decoder layers to cover the auxiliary outputs; dropout present in the graph (inactive: not training).
        SimVGConfig c = SimVGConfig.TINY.toBuilder().decLayers(2).dropPathRate(0.1).headDropout(0.1).build();
        SameDiff sd = SimVGGraph.build(c, GraphVariant.FULL, DataType.DOUBLE, 7);

        SDVariable loss = null;
        for (String out : List.of(SimVGGraph.TOK_LOGITS, SimVGGraph.TOK_BOXES, SimVGGraph.decLogits(0),
                SimVGGraph.decBoxes(0), SimVGGraph.DEC_LOGITS, SimVGGraph.DEC_BOXES)) {
            SDVariable v = sd.getVariable(out);
            long last = out.contains("logits") ? c.numClasses() + 1 : 4;
            INDArray w = Nd4j.rand(DataType.DOUBLE, 2, c.numQueries(), last).subi(0.5);
            SDVariable term = v.mul(sd.constant(out + "_probe", w)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        sd.setLossVariables(loss.rename("probe_loss"));

        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SimVGGraph.IMAGE, Nd4j.randn(DataType.DOUBLE, 2, 3, c.imgSize(), c.imgSize()));
        ph.put(SimVGGraph.TOKEN_IDS, Nd4j.createFromArray(new long[][] {
                {0, 17, 400, 999, 5, 6, 7, 2}, {0, 31, 2, 1, 1, 1, 1, 1}}));
        ph.put(SimVGGraph.PADDING_MASK, Nd4j.createFromArray(new double[][] {
                {0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1, 1, 1}}));
        if (sd.hasVariable(Layers.TRAINING_PHASE)) {
            ph.put(Layers.TRAINING_PHASE, Nd4j.scalar(false));
        }

        Map<String, INDArray> analytic = sd.calculateGradients(ph, StateDictLoader.parameters(sd).keySet());
        List<String> failures = new java.util.ArrayList<>();
        int checked = 0;
        java.util.Random pick = new java.util.Random(3);
        for (String name : StateDictLoader.parameters(sd).keySet()) {
            INDArray param = sd.getVariable(name).getArr();
            INDArray grad = analytic.get(name);
            if (grad == null) {
                if (!name.endsWith("vision_embed.mask_token")) { // BEiT-3's mask token is unused by the forward pass
                    failures.add(name + ": no gradient");
                }
                continue;
            }
            for (int k = 0; k < 3; k++) {
                long i = (long) (pick.nextDouble() * param.length());
                double numeric = numericGradient(sd, ph, param, i);
                double a = grad.getDouble(i);
                double rel = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-30);
                if (rel > 1e-4 && Math.abs(a - numeric) > 1e-7) {
                    failures.add(name + "[" + i + "]: analytic " + a + ", numeric " + numeric);
                }
                checked++;
            }
        }
        System.out.println("gradient check: " + checked + " elements of "
                + StateDictLoader.parameters(sd).size() + " variables");
        assertTrue(failures.isEmpty(), "gradient mismatches:\n" + String.join("\n", failures));
    }

    /** Central difference of the loss with respect to element {@code i} of {@code param}. */
    static double numericGradient(SameDiff sd, Map<String, INDArray> ph, INDArray param, long i) {
        double eps = 1e-6;
        double original = param.getDouble(i);
        param.putScalar(i, original + eps);
        double plus = loss(sd, ph);
        param.putScalar(i, original - eps);
        double minus = loss(sd, ph);
        param.putScalar(i, original);
        return (plus - minus) / (2 * eps);
    }

    static double loss(SameDiff sd, Map<String, INDArray> ph) {
        return sd.output(ph, "probe_loss").get("probe_loss").getDouble(0);
    }
}
