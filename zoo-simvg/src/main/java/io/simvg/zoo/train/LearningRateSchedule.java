package io.simvg.zoo.train;

import java.util.List;

/**
 * SimVG's {@code MultiStepLRWarmUp} (SIMVG.md §3.1): a PyTorch {@code LambdaLR} stepped once per epoch, so the
 * factor is constant within an epoch. For the 0-based epoch {@code e}:
 * <pre>
 *   e ≤ warmup − 1 :  (e + 1) / (warmup + 1)                       warm-up 3 → 0.25, 0.5, 0.75
 *   otherwise      :  Π over decay steps s with e + 1 ≥ s of ratio  decay [25] → ×0.1 from the 25th epoch (e = 24)
 * </pre>
 * Every parameter group's learning rate is its initial learning rate times this factor (LambdaLR multiplies the
 * group's {@code initial_lr}), so the encoder group keeps its ratio to the head throughout.
 */
public final class LearningRateSchedule {

    private final int warmupEpochs;
    private final List<Integer> decaySteps;
    private final double decayRatio;

    public LearningRateSchedule(int warmupEpochs, List<Integer> decaySteps, double decayRatio) {
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
        this.warmupEpochs = warmupEpochs;
        this.decaySteps = List.copyOf(decaySteps);
        this.decayRatio = decayRatio;
    }

    /** The multiplier of the initial learning rates during 0-based epoch {@code epoch}. */
    public double factor(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (epoch <= warmupEpochs - 1) {
            return (epoch + 1) / (double) (warmupEpochs + 1);
        }
        double f = 1.0;
        for (int step : decaySteps) {
            if (epoch + 1 >= step) {
                f *= decayRatio;
            }
        }
        return f;
    }

    /** {@code initialLr × factor(epoch)}. */
    public double learningRate(double initialLr, int epoch) {
        return initialLr * factor(epoch);
    }
}
