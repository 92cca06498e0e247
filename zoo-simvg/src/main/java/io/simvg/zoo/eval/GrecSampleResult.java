package io.simvg.zoo.eval;

import java.util.List;

/**
 * How one GREC expression was scored by {@link GrecEvaluator}.
 *
 * @param kept     predictions with score ≥ the threshold
 * @param tp       matched kept boxes (0 for a no-target expression)
 * @param fp       kept boxes left unmatched (for a no-target expression: every kept box)
 * @param fn       GT boxes left unmatched
 * @param f1       {@code 2TP / (2TP + FP + FN)}; for a no-target expression 1 when nothing was kept, else 0
 * @param noTarget whether the expression refers to nothing
 * @param bucket   its no-target counter
 * @param giou     GIoU of the kept boxes (best score first) × GT boxes; empty for a no-target expression
 * @param matches  the greedy matches in the order they were taken
 */
public record GrecSampleResult(int kept, int tp, int fp, int fn, double f1, boolean noTarget, NoTargetBucket bucket,
                               double[][] giou, List<GreedyMatch> matches) {

    public GrecSampleResult {
        matches = List.copyOf(matches);
    }

    /** The official success criterion, F1 = 1: every kept box matched and every GT box matched. */
    public boolean success() {
        return f1 >= GrecEvaluator.F1_THRESHOLD;
    }
}
