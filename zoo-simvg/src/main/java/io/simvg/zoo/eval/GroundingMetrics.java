package io.simvg.zoo.eval;

import io.simvg.zoo.Task;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one prediction branch over a split, fed batch by batch so that both readings can be reported: the
 * canonical whole-split values and SimVG's mean of per-batch values (which over-weights a short last batch).
 */
public interface GroundingMetrics {

    Task task();

    /** Samples evaluated so far. */
    int samples();

    /** Batches fed so far. */
    int batches();

    /** Headline figures by name (fractions in [0, 1]; NaN where undefined), whole split first, then per-batch means. */
    Map<String, Double> figures();

    /** Sample counts behind the figures, by name. */
    Map<String, Integer> counts();

    /** Per batch: the values SimVG would log for that batch, by name. */
    List<Map<String, Double>> perBatch();
}
