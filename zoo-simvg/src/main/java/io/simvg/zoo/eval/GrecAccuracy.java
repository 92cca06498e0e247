package io.simvg.zoo.eval;

import io.simvg.zoo.Task;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GREC metrics over a split (METRICS.md §1.3). The canonical values are global, as the gRefCOCO (MDETR) evaluator
 * computes them: Precision@(F1=1, IoU≥0.5) = correct / expressions (no-target ones included), N-acc = share of
 * no-target expressions with nothing kept, T-acc = share of expressions with targets that kept at least one box.
 * SimVG instead logs the mean of per-batch values, where a batch's N-acc is 0 whenever it has no correct no-target
 * expression (including batches without any no-target expression); both are kept here.
 */
public final class GrecAccuracy implements GroundingMetrics {

    private final Map<NoTargetBucket, Integer> buckets = new EnumMap<>(NoTargetBucket.class);
    private final List<double[]> batchValues = new ArrayList<>();   // {precision, nAcc} as SimVG computes them
    private int samples;
    private int correct;

    public GrecAccuracy() {
        for (NoTargetBucket b : NoTargetBucket.values()) {
            buckets.put(b, 0);
        }
    }

    /** Adds one evaluation batch (must not be empty). */
    public void addBatch(List<GrecSampleResult> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an evaluation batch has at least one sample");
        }
        int batchCorrect = 0;
        int silent = 0;
        int fired = 0;
        for (GrecSampleResult r : batch) {
            buckets.merge(r.bucket(), 1, Integer::sum);
            batchCorrect += r.success() ? 1 : 0;
            silent += r.bucket() == NoTargetBucket.TP ? 1 : 0;
            fired += r.bucket() == NoTargetBucket.FN ? 1 : 0;
        }
        samples += batch.size();
        correct += batchCorrect;
        batchValues.add(new double[] {(double) batchCorrect / batch.size(),
            silent == 0 ? 0 : (double) silent / (silent + fired)});
    }

    /** Precision@(F1=1, IoU≥0.5) over the whole split. */
    public double precision() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** N-acc over the whole split; NaN without no-target expressions (the official evaluator divides by zero). */
    public double nAcc() {
        return ratio(count(NoTargetBucket.TP), count(NoTargetBucket.FN));
    }

    /** T-acc over the whole split (MDETR only); NaN without expressions that have targets. */
    public double tAcc() {
        return ratio(count(NoTargetBucket.TN), count(NoTargetBucket.FP));
    }

    /** SimVG's reported precision: the mean of per-batch precisions. */
    public double batchMeanPrecision() {
        return batchMean(0);
    }

    /**
     * SimVG's reported N-acc: the mean of per-batch N-acc, a batch counting 0 when none of its no-target expressions
     * is correct.
     */
    public double batchMeanNAcc() {
        return batchMean(1);
    }

    public int correct() {
        return correct;
    }

    public int count(NoTargetBucket bucket) {
        return buckets.get(bucket);
    }

    @Override
    public Task task() {
        return Task.GREC;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int batches() {
        return batchValues.size();
    }

    @Override
    public Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("precision@f1=1,iou>=0.5", precision());
        m.put("n_acc", nAcc());
        m.put("t_acc", tAcc());
        m.put("batch_mean_precision", batchMeanPrecision());
        m.put("batch_mean_n_acc", batchMeanNAcc());
        return m;
    }

    @Override
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("correct", correct);
        m.put("no_target", count(NoTargetBucket.TP) + count(NoTargetBucket.FN));
        m.put("with_target", count(NoTargetBucket.TN) + count(NoTargetBucket.FP));
        m.put("no_target_silent", count(NoTargetBucket.TP));
        m.put("no_target_fired", count(NoTargetBucket.FN));
        m.put("target_with_kept_box", count(NoTargetBucket.TN));
        m.put("target_without_kept_box", count(NoTargetBucket.FP));
        return m;
    }

    @Override
    public List<Map<String, Double>> perBatch() {
        List<Map<String, Double>> out = new ArrayList<>();
        for (double[] v : batchValues) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", v[0]);
            m.put("n_acc", v[1]);
            out.add(m);
        }
        return out;
    }

    private double batchMean(int index) {
        return batchValues.isEmpty() ? Double.NaN
                : batchValues.stream().mapToDouble(v -> v[index]).average().orElseThrow();
    }

    private static double ratio(int hit, int miss) {
        return hit + miss == 0 ? Double.NaN : (double) hit / (hit + miss);
    }
}
