package io.simvg.examples.synthetic;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Steers a split towards target shares of expression kinds: each choice takes, among the kinds possible for the
 * shape at hand, the one furthest below its share so far. Deterministic, and exact over a split instead of only in
 * expectation.
 */
final class Quota<K extends Enum<K>> {

    private final Map<K, Double> shares;
    private final Map<K, Integer> counts;
    private int total;

    Quota(Class<K> type, Map<K, Double> shares) {
        this.shares = new EnumMap<>(shares);
        this.counts = new EnumMap<>(type);
    }

    /** The available kind furthest behind its share (ties: declaration order), or {@code null} if none is available. */
    K pick(Set<K> available) {
        K best = null;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (Map.Entry<K, Double> e : shares.entrySet()) {
            if (!available.contains(e.getKey())) {
                continue;
            }
            double deficit = e.getValue() * (total + 1) - counts.getOrDefault(e.getKey(), 0);
            if (deficit > bestDeficit) {
                best = e.getKey();
                bestDeficit = deficit;
            }
        }
        return best;
    }

    void count(K kind) {
        counts.merge(kind, 1, Integer::sum);
        total++;
    }
}
