package io.simvg.zoo.eval;

/**
 * The no-target counters of the official GREC evaluator ({@code nt} in {@code RefExpEvaluator.summarize}), named as
 * there: every expression lands in exactly one. N-acc = TP / (TP + FN), T-acc = TN / (TN + FP).
 */
public enum NoTargetBucket {
    /** No-target expression, no box kept (correct). */
    TP,
    /** No-target expression, at least one box kept (it "fired"). */
    FN,
    /** Expression with targets and at least one kept box. */
    TN,
    /** Expression with targets and no kept box. */
    FP
}
