package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simvg.losses.TrainingStage;
import io.simvg.zoo.Task;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** The recipe as a checkpoint's trainer state stores it, read back. */
class TrainingRecipeJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        TrainingRecipe r = TrainingRecipe.official(Task.GREC, TrainingStage.DECODER).toBuilder().learningRate(1e-4)
                .encoderLrFactor(1).decaySteps(3, 7).seed(17).eosCoef(1.0).build();
        assertEquals(r, TrainingRecipe.fromJson(JSON.valueToTree(r.toJsonMap())));
    }

    @Test
    void aCheckpointWithoutTheNoObjectWeightWasTrainedWithSimVGs() {
        ObjectNode n = JSON.valueToTree(TrainingRecipe.defaults().toBuilder().eosCoef(0.5).build().toJsonMap());
        n.remove("eos_coef");
        assertEquals(0.1, TrainingRecipe.fromJson(n).eosCoef());
    }

    @Test
    void theNoObjectWeightMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> TrainingRecipe.defaults().toBuilder().eosCoef(0).build());
    }
}
