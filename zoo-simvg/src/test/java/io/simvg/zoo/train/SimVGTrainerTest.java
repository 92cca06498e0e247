package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.losses.TrainingStage;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.graph.Layers;
import io.simvg.zoo.graph.SimVGGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** One training step of the TINY model: determinism, learning rates per group and epoch, stages, bad batches. */
class SimVGTrainerTest {

    /** TINY with dropout and drop-path switched on, so that determinism covers the random masks. */
    static final SimVGConfig NOISY_GREC = SimVGConfig.TINY.toBuilder().dropPathRate(0.1).headDropout(0.1).build()
            .withTask(Task.GREC);

    @Test
    void sameSeedAndDataGiveTheSameLossesAndWeights() {
        TrainingRecipe recipe = TrainingRecipe.builder().learningRate(1e-3).build();
        MultiDataSet b1 = TrainBatches.random(NOISY_GREC, 3, 3, 1);   // images with 0, 1 and 2 targets
        MultiDataSet b2 = TrainBatches.random(NOISY_GREC, 3, 3, 2);
        SimVGTrainer a = SimVGTrainer.create(NOISY_GREC, recipe);
        SimVGTrainer b = SimVGTrainer.create(NOISY_GREC, recipe);
        StepResult a1 = a.step(b1);
        StepResult a2 = a.step(b2);
        StepResult x1 = b.step(b1);
        StepResult x2 = b.step(b2);
        assertEquals(a1.terms(), x1.terms());
        assertEquals(a2.terms(), x2.terms());
        assertEquals(a2.distillWeight(), x2.distillWeight());
        a.parameters().forEach((n, p) -> assertEquals(p, b.parameters().get(n), n));

        assertNotEquals(a1.loss(), a2.loss());
        assertEquals(a1.loss(), a1.term("loss_dgt") + a1.term("loss_tgt") + a1.term("loss_kd"), 1e-5,
                "the terms read in the gradient pass add up to the total");
        assertTrue(a1.term("dec_0_loss_class") > 0, "terms are real values, not M2.1's reported 0");
        assertTrue(a1.distillWeight() > 0 && a1.distillWeight() < 1, "W_dt = mean(score·IoU) in (0,1)");
        assertEquals(2, a2.globalStep());
        assertEquals(3, a1.batchSize());
        assertTrue(a1.gradNorm() > 0);
    }

    @Test
    void aStepLeavesNoArraysInTheSessions() {
        SimVGTrainer t = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults());
        MultiDataSet batch = TrainBatches.random(SimVGConfig.TINY, 2, 1, 4);
        t.step(batch);
        SameDiff grad = t.graph().getFunction("grad");
        assertFalse(grad.getSessions().isEmpty(), "the gradient function ran");
        for (SameDiff sd : List.of(t.graph(), grad)) {
            sd.getSessions().values().forEach(s -> assertTrue(s.getNodeValueOutputs().isEmpty(),
                    "no array of a finished pass stays reachable from its session"));
        }

        // What the release is for: without it, M2.1's session holds on to the arrays of its last pass.
        Map<String, INDArray> ph = new java.util.HashMap<>(Map.of(SimVGGraph.IMAGE, batch.getFeatures(0),
                SimVGGraph.TOKEN_IDS, batch.getFeatures(1), SimVGGraph.PADDING_MASK, batch.getFeatures(2)));
        if (t.graph().hasVariable(Layers.TRAINING_PHASE)) {
            ph.put(Layers.TRAINING_PHASE, org.nd4j.linalg.factory.Nd4j.scalar(false));
        }
        t.graph().output(ph, SimVGGraph.decBoxes(0));
        assertTrue(t.graph().getSessions().values().stream().anyMatch(s -> !s.getNodeValueOutputs().isEmpty()));
        ExecutionSessions.release(t.graph());
        t.graph().getSessions().values().forEach(s -> assertTrue(s.getNodeValueOutputs().isEmpty()));
    }

    @Test
    void learningRatesFollowTheGroupsAndTheEpoch() {
        SimVGConfig c = SimVGConfig.TINY;
        SimVGTrainer t = SimVGTrainer.create(c, TrainingRecipe.defaults());
        Map<String, INDArray> before = new java.util.HashMap<>();
        t.parameters().forEach((n, p) -> before.put(n, p.dup()));
        StepResult r = t.step(TrainBatches.random(c, 2, 1, 3));
        assertEquals(5e-4 * 0.25, r.learningRate(), 1e-18, "epoch 1 of the warm-up");
        assertEquals(5e-5 * 0.25, r.encoderLearningRate(), 1e-18);
        // Adam's first step moves every weight with a non-zero gradient by lr·g/(|g|+ε) ≈ lr, whatever the clipping.
        double headMax = 0;
        double encMax = 0;
        for (var e : t.parameters().entrySet()) {
            double d = e.getValue().sub(before.get(e.getKey())).amaxNumber().doubleValue();
            if (TrainingRecipe.isEncoderParameter(e.getKey())) {
                encMax = Math.max(encMax, d);
            } else {
                headMax = Math.max(headMax, d);
            }
        }
        assertEquals(1.25e-4, headMax, 1.25e-4 * 1e-2, "float rounding of weights near 1");
        assertEquals(1.25e-5, encMax, 1.25e-5 * 1e-2);
        String mask = "vis_enc.beit3.vision_embed.mask_token";
        assertEquals(before.get(mask), t.parameters().get(mask), "unused mask token: no gradient, no update");
        assertNull(t.optimizer().state().get(mask));
        assertEquals(SimVGTrainer.ENCODER_GROUP, t.optimizer().groupOf("vis_enc.beit3.vision_embed.cls_token"),
                "the object token belongs to the encoder group");
        assertEquals(SimVGTrainer.HEAD_GROUP, t.optimizer().groupOf("head.query_embed.weight"));

        t.finishEpoch();
        t.finishEpoch();
        t.finishEpoch();
        assertEquals(3, t.progress().epoch());
        assertEquals(0, t.progress().batchInEpoch());
        assertEquals(1.0, t.learningRateFactor(), "after the warm-up");
    }

    @Test
    void decoderStageTrainsTheDecoderBranchGraphAlone() {
        SimVGTrainer t = SimVGTrainer.create(SimVGConfig.TINY,
                TrainingRecipe.builder().stage(TrainingStage.DECODER).build());
        assertEquals(GraphVariant.DECODER_BRANCH, t.variant());
        assertFalse(t.parameters().keySet().stream().anyMatch(n -> n.startsWith("head.mlp.")));
        StepResult r = t.step(TrainBatches.random(SimVGConfig.TINY, 2, 1, 4));
        assertEquals(r.term("loss_dgt"), r.loss(), 1e-6);
        assertTrue(Double.isNaN(r.term("loss_tgt")) && Double.isNaN(r.distillWeight()), "no distillation terms");
    }

    @Test
    void batchesThatDoNotFitTheModelAreNamed() {
        SimVGTrainer t = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults());
        MultiDataSet other = TrainBatches.random(SimVGConfig.TINY.toBuilder().imgSize(96).build(), 2, 1, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> t.step(other));
        assertTrue(e.getMessage().contains("img_size 64"), e.getMessage());
        MultiDataSet ok = TrainBatches.random(SimVGConfig.TINY, 2, 1, 5);
        ok.getFeatures(1).putScalar(0, 1, SimVGConfig.TINY.vocabSize());
        e = assertThrows(IllegalArgumentException.class, () -> t.step(ok));
        assertTrue(e.getMessage().contains("vocabulary of 1000"), e.getMessage());
        assertEquals(0, t.progress().globalStep(), "nothing was trained");
    }
}
