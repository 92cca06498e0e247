package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.losses.TrainingStage;
import io.simvg.zoo.PretrainedModel;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Checkpoints: resuming is exact, a checkpoint is a model file, initial weights are checked. */
class TrainingCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void resumedRunTakesTheSameNextStepAsAnUninterruptedOne() throws IOException {
        SimVGConfig c = SimVGTrainerTest.NOISY_GREC;
        TrainingRecipe recipe = TrainingRecipe.builder().learningRate(1e-3).ema(true).warmupEpochs(1).build();
        MultiDataSet b1 = TrainBatches.random(c, 2, 3, 11);
        MultiDataSet b2 = TrainBatches.random(c, 2, 3, 12);
        MultiDataSet b3 = TrainBatches.random(c, 2, 3, 13);
        SimVGTrainer a = SimVGTrainer.create(c, recipe);
        a.step(b1);
        a.finishEpoch();                                       // epoch 2: after the warm-up, another learning rate
        a.step(b2);
        Path file = TrainingCheckpoint.writeEpoch(dir, a, "bundled:simvg-small.spm", "");
        assertEquals(dir.resolve("epoch-1.zip"), file, "named after the finished epochs");
        assertEquals(Files.size(file), Files.size(dir.resolve(TrainingCheckpoint.LATEST)));

        SimVGTrainer b = TrainingCheckpoint.resume(dir.resolve(TrainingCheckpoint.LATEST));
        assertEquals(a.progress(), b.progress());
        assertEquals(recipe, b.recipe());
        StepResult next = a.step(b3);
        StepResult resumed = b.step(b3);
        assertEquals(next.terms(), resumed.terms(), "every loss term bit for bit");
        assertEquals(next.learningRate(), resumed.learningRate());
        a.parameters().forEach((n, p) -> assertEquals(p, b.parameters().get(n), n));
        a.ema().shadow().forEach((n, p) -> assertEquals(p, b.ema().shadow().get(n), "EMA " + n));
        assertEquals(a.ema().step(), b.ema().step());
        a.optimizer().state().forEach((n, s) -> {
            assertEquals(s.step(), b.optimizer().state().get(n).step());
            assertEquals(s.maxExpAvgSq(), b.optimizer().state().get(n).maxExpAvgSq(), n);
        });
        assertNotEquals(a.ema().shadow().get("head.query_embed.weight"), a.parameters().get("head.query_embed.weight"),
                "the EMA is a separate average");
    }

    @Test
    void aCheckpointIsAModelFile() throws IOException {
        SimVGTrainer t = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults());
        t.step(TrainBatches.random(SimVGConfig.TINY, 2, 1, 21));
        Path file = dir.resolve("ckpt.zip");
        TrainingCheckpoint.write(file, t, "bundled:simvg-small.spm", "");
        assertTrue(TrainingCheckpoint.isCheckpoint(file));

        PretrainedModel m = SimVG.load(file);
        assertEquals("TINY", m.manifest().preset());
        assertEquals("simvg train", m.manifest().createdBy());
        StateDictLoader.parameters(m.graph()).forEach((n, v) -> assertEquals(t.parameters().get(n), v.getArr(), n));
        assertFalse(m.graph().hasVariable(io.simvg.losses.SimVGCriterion.TOTAL), "the model alone, no criterion");
        t.step(TrainBatches.random(SimVGConfig.TINY, 2, 1, 22));
        TrainingCheckpoint.write(file, t, "bundled:simvg-small.spm", "");
        assertEquals(t.parameters().get("head.query_embed.weight"),
                SimVG.load(file).graph().getVariable("head.query_embed.weight").getArr(), "the current weights");
        SameDiff again = SimVG.builder().config(SimVGConfig.TINY).build().initPretrained(file);
        assertEquals(t.parameters().get("head.query_embed.weight"),
                again.getVariable("head.query_embed.weight").getArr());

        // A plain model file (no trainer state) cannot be resumed, but it can initialise a run.
        Path plain = dir.resolve("weights.zip");
        SimVGModelFile.write(plain, t.graph(), t.manifest("bundled:simvg-small.spm", "", "test"));
        assertFalse(TrainingCheckpoint.isCheckpoint(plain));
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.resume(plain));
        assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
        SimVGTrainer fresh = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.builder().ema(true).build());
        InitialWeights.Result r = InitialWeights.load(fresh, plain);
        assertTrue(r.keptInitialisation().isEmpty());
        assertEquals(t.parameters().get("head.mlp.0.weight"), fresh.parameters().get("head.mlp.0.weight"));
        assertEquals(t.parameters().get("head.mlp.0.weight"), fresh.ema().shadow().get("head.mlp.0.weight"),
                "the weight average starts from the loaded weights, not the random ones");
        assertEquals(0, fresh.progress().globalStep(), "initial weights start a new run");
    }

    @Test
    void initialWeightsOfAnotherPresetAreRefusedNamingBoth() throws IOException {
        SimVGTrainer tiny = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults());
        Path file = dir.resolve("tiny.zip");
        TrainingCheckpoint.write(file, tiny, "bundled:simvg-small.spm", "");
        SimVGTrainer demo = SimVGTrainer.create(SimVGConfig.DEMO.withTask(Task.REC), TrainingRecipe.defaults());
        IOException e = assertThrows(IOException.class, () -> InitialWeights.load(demo, file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("TINY REC")
                && e.getMessage().contains("DEMO REC"), e.getMessage());
    }

    @Test
    void stageTwoStartsFromAStageOneCheckpointKeepingTheTokenBranchInitialised() throws IOException {
        SimVGTrainer stage1 = SimVGTrainer.create(SimVGConfig.TINY,
                TrainingRecipe.builder().stage(TrainingStage.DECODER).seed(1).build());
        Path file = dir.resolve("stage1.zip");
        TrainingCheckpoint.write(file, stage1, "bundled:simvg-small.spm", "");
        SimVGTrainer stage2 = SimVGTrainer.create(SimVGConfig.TINY,
                TrainingRecipe.builder().stage(TrainingStage.DISTILL).seed(2).build());
        InitialWeights.Result r = InitialWeights.load(stage2, file);
        assertFalse(r.keptInitialisation().isEmpty());
        assertTrue(r.keptInitialisation().stream().allMatch(n -> n.startsWith("head.input_cls_proj.")
                || n.startsWith("head.mlp.") || n.startsWith("head.class_embed_token.")
                || n.startsWith("head.bbox_embed_token.")), r.keptInitialisation().toString());
        stage1.parameters().forEach((n, p) -> assertEquals(p, stage2.parameters().get(n), n));
    }
}
