package io.simvg.zoo.train;

import java.util.Map;

/**
 * What one training step did, for progress output and logs.
 *
 * @param epoch               0-based epoch the step belongs to
 * @param globalStep          1-based number of this step over the whole run
 * @param batchSize           images in the batch
 * @param loss                total loss before the update ({@code loss_total})
 * @param terms               every named loss term of the criterion before the update (per set {@code _loss_class},
 *                            {@code _loss_bbox}, {@code _loss_giou}, {@code _loss}; {@code loss_dgt},
 *                            {@code loss_tgt}, {@code loss_kd}, {@code loss_total})
 * @param distillWeight       W_dt of the step (NaN in stage DECODER, which has no distillation)
 * @param gradNorm            global L2 norm of the gradients before clipping
 * @param learningRate        head learning rate used
 * @param encoderLearningRate encoder ({@code vis_enc.*}) learning rate used
 * @param nanos               wall time of the step (forward, matching, gradients, clipping, update)
 * @param phaseNanos          that time by phase: {@code forward} (detached pass), {@code matching} (Hungarian
 *                            matching and DWBD in Java), {@code gradients} (forward + backward pass with the loss
 *                            terms), {@code update} (clipping, optimizer, EMA), {@code gc} (garbage
 *                            collections, when the trainer runs them)
 */
public record StepResult(int epoch, long globalStep, int batchSize, double loss, Map<String, Double> terms,
                         double distillWeight, double gradNorm, double learningRate, double encoderLearningRate,
                         long nanos, Map<String, Long> phaseNanos) {

    public StepResult {
        terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(terms));
        phaseNanos = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseNanos));
    }

    /** A term by name; NaN when the criterion has no such term (e.g. {@code loss_kd} in stage DECODER). */
    public double term(String name) {
        Double v = terms.get(name);
        return v == null ? Double.NaN : v;
    }
}
