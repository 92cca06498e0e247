package io.simvg.examples.synthetic;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a generation run wrote, per split, and how long it took. */
public record GenerationSummary(Map<String, SplitCounts> splits, double seconds) {

    /**
     * Counts of one split.
     *
     * @param rec         REC expressions by kind
     * @param grec        all GREC expressions
     * @param multiTarget GREC expressions with two or more targets
     * @param noTarget    GREC expressions with no target
     */
    public record SplitCounts(int images, Map<ExpressionKind, Integer> rec, int grec, int multiTarget, int noTarget) {

        public SplitCounts {
            rec = Map.copyOf(rec);
        }

        public int recTotal() {
            return rec.values().stream().mapToInt(Integer::intValue).sum();
        }

        static SplitCounts of(List<AnnotatedImage> images) {
            Map<ExpressionKind, Integer> rec = new EnumMap<>(ExpressionKind.class);
            int grec = 0;
            int multi = 0;
            int none = 0;
            for (AnnotatedImage img : images) {
                img.rec().forEach(e -> rec.merge(e.kind(), 1, Integer::sum));
                for (GroundedExpression e : img.grec()) {
                    grec++;
                    multi += e.targets().size() >= 2 ? 1 : 0;
                    none += e.targets().isEmpty() ? 1 : 0;
                }
            }
            return new SplitCounts(images.size(), rec, grec, multi, none);
        }
    }

    public GenerationSummary {
        splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    public int images() {
        return splits.values().stream().mapToInt(SplitCounts::images).sum();
    }

    public double imagesPerSecond() {
        return seconds > 0 ? images() / seconds : 0;
    }

    /** One line per split: images, REC expressions (by kind), GREC expressions (multi / no target). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, SplitCounts> e : splits.entrySet()) {
            SplitCounts c = e.getValue();
            b.append(String.format(Locale.ROOT, "%-6s %6d images, REC %6d (", e.getKey(), c.images(), c.recTotal()));
            String sep = "";
            for (ExpressionKind k : ExpressionKind.values()) {
                if (k.rec()) {
                    b.append(sep).append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(c.rec().getOrDefault(k, 0));
                    sep = ", ";
                }
            }
            b.append(String.format(Locale.ROOT, "), GREC %6d (%d multi-target, %d no-target)%n", c.grec(),
                    c.multiTarget(), c.noTarget()));
        }
        b.append(String.format(Locale.ROOT, "%d images in %.1f s (%.0f images/s)", images(), seconds, imagesPerSecond()));
        return b.toString();
    }
}
