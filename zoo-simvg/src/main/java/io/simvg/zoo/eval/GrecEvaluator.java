package io.simvg.zoo.eval;

import io.simvg.zoo.predict.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores one GREC expression exactly as the official gRefCOCO evaluator ({@code RefExpEvaluator.summarize}) and
 * SimVG's {@code grec_evaluate_f1_nacc} do (METRICS.md §1.2): keep predictions with score ≥ 0.7, build the GIoU matrix
 * kept × GT, match greedily by repeatedly taking the global maximum (first in row-major order on ties) while it is
 * ≥ 0.5 and zeroing its row and column — not a Hungarian assignment — and call the expression correct when F1 = 1.
 *
 * <p>Kept predictions are ordered by score, descending; equal scores keep their input (query) order, as in the fixture
 * case {@code two_preds_same_gt_one_other} on which the official evaluators agree. Scores are compared in float64 as
 * given: a float32 model score of {@code 0.7f}
 * (0.699999988…) is dropped, as in SimVG, whose scores come out of {@code .tolist()}.
 */
public final class GrecEvaluator {

    public static final double SCORE_THRESHOLD = 0.7;
    public static final double IOU_THRESHOLD = 0.5;
    public static final double F1_THRESHOLD = 1.0;

    /** Best score first; the sort is stable, so ties stay in input order. */
    private static final Comparator<Detection> BY_SCORE = Comparator.comparingDouble(Detection::score).reversed();

    private final double scoreThreshold;
    private final double iouThreshold;

    /** The official thresholds. */
    public GrecEvaluator() {
        this(SCORE_THRESHOLD, IOU_THRESHOLD);
    }

    public GrecEvaluator(double scoreThreshold, double iouThreshold) {
        this.scoreThreshold = scoreThreshold;
        this.iouThreshold = iouThreshold;
    }

    /**
     * @param predictions every box the model returned for the expression, with scores (any order)
     * @param gt          the expression's GT boxes (xyxy, same pixel frame); empty = no target
     */
    public GrecSampleResult evaluate(List<Detection> predictions, List<double[]> gt) {
        List<Detection> kept = predictions.stream().sorted(BY_SCORE)
                .filter(d -> d.score() >= scoreThreshold).toList();
        if (gt.isEmpty()) {
            boolean silent = kept.isEmpty();
            return new GrecSampleResult(kept.size(), 0, kept.size(), 0, silent ? 1 : 0, true,
                    silent ? NoTargetBucket.TP : NoTargetBucket.FN, new double[0][], List.of());
        }
        double[][] preds = kept.stream().map(d -> new double[] {d.x1(), d.y1(), d.x2(), d.y2()})
                .toArray(double[][]::new);
        double[][] giou = BoxOverlap.giouMatrix(preds, gt.toArray(double[][]::new));
        List<GreedyMatch> matches = greedy(copy(giou), Math.min(kept.size(), gt.size()));
        int tp = matches.size();
        int fp = kept.size() - tp;
        int fn = gt.size() - tp;
        double f1 = 2.0 * tp / (2.0 * tp + fp + fn);
        return new GrecSampleResult(kept.size(), tp, fp, fn, f1, false,
                kept.isEmpty() ? NoTargetBucket.FP : NoTargetBucket.TN, giou, matches);
    }

    /** Takes the global maximum up to {@code rounds} times, stopping below the threshold; zeroes what it takes. */
    private List<GreedyMatch> greedy(double[][] m, int rounds) {
        List<GreedyMatch> out = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int bi = -1;
            int bj = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[i].length; j++) {
                    if (m[i][j] > best) {    // strict: the first maximum in row-major order wins, as torch.argmax
                        best = m[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (best < iouThreshold) {
                break;
            }
            out.add(new GreedyMatch(bi, bj, best));
            for (int j = 0; j < m[bi].length; j++) {
                m[bi][j] = 0;
            }
            for (double[] row : m) {
                row[bj] = 0;
            }
        }
        return out;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
