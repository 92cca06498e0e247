package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MultiStepLRWarmUp factors against SIMVG.md §3.1's statements and examples. */
class LearningRateScheduleTest {

    @Test
    void officialRecRecipe() {
        // warmup 3 → 0.25, 0.5, 0.75; decay_steps [25], 30 epochs → 1-based epochs 25..30 at 0.1
        LearningRateSchedule s = TrainingRecipe.defaults().schedule();
        assertEquals(0.25, s.factor(0));
        assertEquals(0.5, s.factor(1));
        assertEquals(0.75, s.factor(2));
        for (int e = 3; e <= 23; e++) {
            assertEquals(1.0, s.factor(e), "epoch " + (e + 1));
        }
        for (int e = 24; e <= 29; e++) {
            assertEquals(0.1, s.factor(e), 1e-15, "epoch " + (e + 1));
        }
        assertEquals(1.25e-4, s.learningRate(5e-4, 0), 1e-18);
        assertEquals(5e-5, s.learningRate(5e-4, 29), 1e-18);
        assertEquals(5e-6, s.learningRate(5e-5, 29), 1e-18, "the encoder group keeps its ratio");
    }

    @Test
    void twoDecaySteps() {
        // pretrain-mixed: decay_steps [21, 27]
        LearningRateSchedule s = new LearningRateSchedule(3, List.of(21, 27), 0.1);
        assertEquals(1.0, s.factor(19), "epoch 20");
        assertEquals(0.1, s.factor(20), 1e-15, "epoch 21");
        assertEquals(0.1, s.factor(25), 1e-15, "epoch 26");
        assertEquals(0.01, s.factor(26), 1e-15, "epoch 27");
        assertEquals(0.01, s.factor(29), 1e-15, "epoch 30");
    }

    @Test
    void warmupWinsOverAnEarlyDecayAndZeroWarmupStartsAtFull() {
        assertEquals(0.25, new LearningRateSchedule(3, List.of(1), 0.1).factor(0), "warm-up branch first");
        assertEquals(0.1, new LearningRateSchedule(3, List.of(1), 0.1).factor(3), 1e-15);
        assertEquals(1.0, new LearningRateSchedule(0, List.of(25), 0.1).factor(0));
        assertEquals(1.0 / 6, new LearningRateSchedule(5, List.of(), 0.1).factor(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(3, List.of(), 0.1).factor(-1));
    }

    @Test
    void officialRecipesOfTheTable() {
        TrainingRecipe stage2 = TrainingRecipe.official(io.simvg.zoo.Task.REC, io.simvg.losses.TrainingStage.DISTILL);
        assertEquals(3e-4, stage2.learningRate());
        assertEquals(20, stage2.epochs());
        assertEquals(List.of(15), stage2.decaySteps());
        TrainingRecipe stage1 = TrainingRecipe.official(io.simvg.zoo.Task.REC, io.simvg.losses.TrainingStage.DECODER);
        assertEquals(16, stage1.batchSize());
        assertEquals(true, stage1.ema());
        TrainingRecipe grec = TrainingRecipe.official(io.simvg.zoo.Task.GREC, io.simvg.losses.TrainingStage.ONE_STAGE);
        assertEquals(200, grec.epochs());
        assertEquals(List.of(180), grec.decaySteps());
        assertEquals(false, grec.largeScaleJitter());
        TrainingRecipe d = TrainingRecipe.defaults();
        assertEquals(List.of(5e-4, 0.1, 0.9, 0.98, 1e-9, 0.0, 0.15), List.of(d.learningRate(), d.encoderLrFactor(),
                d.beta1(), d.beta2(), d.epsilon(), d.weightDecay(), d.clipMaxNorm()));
        assertEquals(6666L, d.seed());
        assertEquals(true, d.amsgrad());
        assertEquals(2.0, d.gammaToken());
        assertEquals(1.0, d.gammaDistill());
        assertEquals(false, d.ema());
    }

    @Test
    void recipeSurvivesJson() throws Exception {
        TrainingRecipe r = TrainingRecipe.builder().learningRate(1e-3).decaySteps(5, 9).ema(true).seed(-3)
                .stage(io.simvg.losses.TrainingStage.DECODER).clipMaxNorm(0).build();
        var mapper = new org.nd4j.shade.jackson.databind.ObjectMapper();
        String json = mapper.writeValueAsString(r.toJsonMap());
        assertEquals(r, TrainingRecipe.fromJson(mapper.readTree(json)));
    }
}
