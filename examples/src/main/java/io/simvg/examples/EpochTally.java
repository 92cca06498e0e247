package io.simvg.examples;

import io.simvg.losses.SimVGCriterion;
import io.simvg.zoo.train.StepResult;
import io.simvg.zoo.train.TrainingRecipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The steps of one epoch (or of its part run in this process): image-weighted mean loss terms and W_dt. */
final class EpochTally {

    private final int epoch;
    private final int resumedAt;
    private final List<String> terms;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private double wdtSum;
    private int steps;
    private int images;

    /**
     * @param epoch     0-based epoch
     * @param resumedAt batches of the epoch done before this process took over (0 for a fresh epoch)
     * @param terms     the top-level loss terms to report
     */
    EpochTally(int epoch, int resumedAt, List<String> terms) {
        this.epoch = epoch;
        this.resumedAt = resumedAt;
        this.terms = terms;
    }

    void add(StepResult r) {
        steps++;
        images += r.batchSize();
        for (String t : terms) {
            sums.merge(t, r.term(t) * r.batchSize(), Double::sum);
        }
        sums.merge(SimVGCriterion.TOTAL, r.loss() * r.batchSize(), Double::sum);
        wdtSum += Double.isNaN(r.distillWeight()) ? 0 : r.distillWeight() * r.batchSize();
    }

    int steps() {
        return steps;
    }

    int epoch() {
        return epoch;
    }

    int resumedAt() {
        return resumedAt;
    }

    /** Per-image mean of a loss term; NaN for an epoch without steps. */
    private double mean(String term) {
        return sums.getOrDefault(term, Double.NaN) / images;
    }

    /** The epoch's log record (field names of {@code train-log.jsonl}). */
    Map<String, Object> record(TrainingRecipe recipe, double seconds, Validation val, boolean complete) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch + 1);
        m.put("complete", complete);
        m.put("resumed_after_batch", resumedAt);
        m.put("steps", steps);
        m.put("images", images);
        m.put("loss", mean(SimVGCriterion.TOTAL));
        for (String t : terms) {
            m.put(t, mean(t));
        }
        if (recipe.stage().distills()) {
            m.put("w_dt", wdtSum / images);
        }
        m.put("lr", learningRate(recipe));
        m.put("images_per_s", images / seconds);
        m.put("seconds", seconds);
        if (val != null) {
            m.put("val_loss", val.loss());
            m.put("val_images", val.images());
        }
        return m;
    }

    /** The epoch's console line. */
    String line(TrainingRecipe recipe, double seconds, Validation val, boolean complete) {
        String note = (complete ? "" : " (partial)")
                + (resumedAt > 0 ? " (resumed after batch " + resumedAt + ")" : "");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d%s: %d steps, loss %.4f",
                epoch + 1, recipe.epochs(), note, steps, mean(SimVGCriterion.TOTAL)));
        List<String> parts = new ArrayList<>();
        for (String t : terms) {
            parts.add(String.format(Locale.ROOT, "%s %.4f", t.replace("loss_", ""), mean(t)));
        }
        sb.append(" (").append(String.join(", ", parts)).append(")");
        if (recipe.stage().distills()) {
            sb.append(String.format(Locale.ROOT, ", W_dt %.3f", wdtSum / images));
        }
        sb.append(String.format(Locale.ROOT, ", lr %.2e, %.2f img/s, %s", learningRate(recipe), images / seconds,
                ProgressLine.duration(seconds)));
        if (val != null) {
            sb.append(String.format(Locale.ROOT, "; val loss %.4f (%d images)", val.loss(), val.images()));
        }
        return sb.toString();
    }

    private double learningRate(TrainingRecipe recipe) {
        return recipe.learningRate() * recipe.schedule().factor(epoch);
    }

    /** Mean {@code loss_total} per image over a validation split. */
    record Validation(double loss, int images) {
    }
}
