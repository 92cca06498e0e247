package io.simvg.zoo.eval;

import io.simvg.zoo.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REC Prec@0.5 over a split: the exact share of correct samples (TransVG's {@code sum / N}) and SimVG/SeqTR's reported
 * value, the mean of per-batch means ({@code simvg/apis/test.py::accuracy}; exact only when all batches are full).
 */
public final class RecAccuracy implements GroundingMetrics {

    private final List<Double> batchMeans = new ArrayList<>();
    private int samples;
    private int correct;

    /** Adds one evaluation batch (must not be empty). */
    public void addBatch(List<RecSampleResult> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an evaluation batch has at least one sample");
        }
        int hits = (int) batch.stream().filter(RecSampleResult::correct).count();
        samples += batch.size();
        correct += hits;
        batchMeans.add((double) hits / batch.size());
    }

    /** Correct samples / all samples. */
    public double precision() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** Mean over batches of each batch's share of correct samples, as SimVG reports it. */
    public double batchMeanPrecision() {
        return batchMeans.isEmpty() ? Double.NaN
                : batchMeans.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    public int correct() {
        return correct;
    }

    @Override
    public Task task() {
        return Task.REC;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int batches() {
        return batchMeans.size();
    }

    @Override
    public Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("prec@0.5", precision());
        m.put("batch_mean_prec@0.5", batchMeanPrecision());
        return m;
    }

    @Override
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("correct", correct);
        return m;
    }

    @Override
    public List<Map<String, Double>> perBatch() {
        return batchMeans.stream().map(v -> Map.of("prec@0.5", v)).toList();
    }
}
