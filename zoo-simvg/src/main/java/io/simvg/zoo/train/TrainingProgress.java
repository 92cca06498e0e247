package io.simvg.zoo.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Where a run stands, as a checkpoint records it so that resuming continues with the very next batch.
 *
 * @param epoch        0-based epoch in progress (equal to the number of finished epochs)
 * @param batchInEpoch batches of that epoch already trained on
 * @param globalStep   optimizer steps taken so far over the whole run
 * @param dataSeed     seed of the data order and augmentation (the batch iterator's seed)
 * @param bestMetric   best validation value seen so far, or null
 */
public record TrainingProgress(int epoch, int batchInEpoch, long globalStep, long dataSeed, Double bestMetric) {

    public TrainingProgress {
        if (epoch < 0 || batchInEpoch < 0 || globalStep < 0) {
            throw new IllegalArgumentException("negative training progress: epoch " + epoch + ", batch "
                    + batchInEpoch + ", step " + globalStep);
        }
    }

    public static TrainingProgress start(long dataSeed) {
        return new TrainingProgress(0, 0, 0, dataSeed, null);
    }

    TrainingProgress afterStep() {
        return new TrainingProgress(epoch, batchInEpoch + 1, globalStep + 1, dataSeed, bestMetric);
    }

    TrainingProgress afterEpoch() {
        return new TrainingProgress(epoch + 1, 0, globalStep, dataSeed, bestMetric);
    }

    public TrainingProgress withBestMetric(Double best) {
        return new TrainingProgress(epoch, batchInEpoch, globalStep, dataSeed, best);
    }

    public TrainingProgress withDataSeed(long seed) {
        return new TrainingProgress(epoch, batchInEpoch, globalStep, seed, bestMetric);
    }

    Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("batch_in_epoch", batchInEpoch);
        m.put("global_step", globalStep);
        m.put("data_seed", dataSeed);
        m.put("best_metric", bestMetric);
        return m;
    }

    static TrainingProgress fromJson(JsonNode n) {
        for (String f : new String[] {"epoch", "batch_in_epoch", "global_step", "data_seed"}) {
            if (n.get(f) == null || !n.get(f).canConvertToLong()) {
                throw new IllegalArgumentException("trainer state has no numeric field '" + f + "'");
            }
        }
        JsonNode best = n.get("best_metric");
        return new TrainingProgress(n.get("epoch").asInt(), n.get("batch_in_epoch").asInt(),
                n.get("global_step").asLong(), n.get("data_seed").asLong(),
                best == null || best.isNull() ? null : best.asDouble());
    }
}
