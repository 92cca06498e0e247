package io.simvg.examples.eval;

import io.simvg.zoo.Task;
import io.simvg.zoo.eval.GroundingMetrics;
import io.simvg.zoo.predict.Branch;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation run produced.
 *
 * @param task     how predictions were scored
 * @param metrics  per branch, in evaluation order
 * @param samples  per branch, every sample's outcome when they were kept (else empty lists)
 * @param skipped  records left out as invalid (only with skipping enabled)
 * @param seconds  wall time of the run
 */
public record EvaluationResult(Task task, Map<Branch, GroundingMetrics> metrics,
                               Map<Branch, List<SampleOutcome>> samples, int skipped, double seconds) {
}
