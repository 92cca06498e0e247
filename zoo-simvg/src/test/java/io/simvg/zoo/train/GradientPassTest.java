package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.losses.TrainingStage;
import io.simvg.zoo.SimVGConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The gradient pass with array release gives exactly what SameDiff's {@code calculateGradientsAndOutputs} gives. */
class GradientPassTest {

    @Test
    void gradientsAndOutputsEqualSameDiffsOwnBitForBit() {
        for (TrainingStage stage : List.of(TrainingStage.ONE_STAGE, TrainingStage.DECODER)) {
            SimVGTrainer t = SimVGTrainer.create(SimVGTrainerTest.NOISY_GREC,
                    TrainingRecipe.builder().stage(stage).learningRate(1e-3).build());
            for (int step = 0; step < 2; step++) {
                long seed = 100 + step;
                t.step(TrainBatches.random(SimVGTrainerTest.NOISY_GREC, 3, 3, seed)); // moves the weights
                Map<String, INDArray> ph = t.gradientPlaceholders(
                        TrainBatches.random(SimVGTrainerTest.NOISY_GREC, 3, 3, seed + 10), seed);
                SameDiff sd = t.graph();
                List<String> outputs = List.of("loss_total", "loss_dgt");

                Nd4j.getRandom().setSeed(seed);
                OutAndGrad reference = sd.calculateGradientsAndOutputs(ph, outputs, t.parameters().keySet());
                Nd4j.getRandom().setSeed(seed);
                GradientPass.Result got = GradientPass.run(sd, ph, outputs, t.parameters().keySet());

                for (String o : outputs) {
                    assertEquals(reference.getOutputs().get(o), got.outputs().get(o), stage + " " + o);
                }
                int compared = 0;
                for (var e : reference.getGradients().entrySet()) {
                    if (e.getValue() != null) {
                        INDArray g = got.gradients().get(e.getKey());
                        assertEquals(e.getValue(), g, stage + " gradient of " + e.getKey());
                        compared++;
                    }
                }
                assertTrue(compared > 50, "gradients of the whole model were compared: " + compared);
                assertTrue(sd.getFunction("grad").isEnableCache(), "the pass ran with release on");
            }
        }
    }
}
