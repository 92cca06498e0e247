package io.simvg.losses;

/** Which objective a training run optimises (SIMVG.md §2.5). */
public enum TrainingStage {
    /** Two-stage training, step 1: decoder branch only (the token branch is not evaluated). */
    DECODER,
    /** One-stage training: decoder loss plus dynamic weight-balance distillation from step 0. */
    ONE_STAGE,
    /** Two-stage training, step 2 (from a stage-1 checkpoint): the same objective as one-stage. */
    DISTILL;

    public boolean distills() {
        return this != DECODER;
    }
}
