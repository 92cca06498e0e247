package io.simvg.examples.demo;

import io.simvg.examples.eval.EvaluationResult;
import io.simvg.examples.eval.SampleOutcome;
import io.simvg.examples.synthetic.ExpressionKind;
import io.simvg.examples.synthetic.ExpressionParser;
import io.simvg.zoo.predict.Branch;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * REC Prec@0.5 of the bundled split by expression kind (colour+shape, size, relation, position), read back from each
 * expression's words: the overall figure alone hides that a small model may ground colours and sizes long before it
 * learns the spatial words.
 */
final class RecByKind {

    private RecByKind() {
    }

    /** Correct and total samples per kind, in the enum's order. */
    static Map<ExpressionKind, int[]> tally(List<SampleOutcome> outcomes) {
        Map<ExpressionKind, int[]> t = new EnumMap<>(ExpressionKind.class);
        for (SampleOutcome s : outcomes) {
            int[] c = t.computeIfAbsent(ExpressionKind.ofRec(ExpressionParser.parse(s.sample().expression())),
                    k -> new int[2]);
            c[0] += s.correct() ? 1 : 0;
            c[1]++;
        }
        return t;
    }

    /** One line per branch whose samples {@code rec} kept. */
    static void print(EvaluationResult rec, PrintWriter o) {
        for (Map.Entry<Branch, List<SampleOutcome>> e : rec.samples().entrySet()) {
            StringBuilder line = new StringBuilder("  by kind, ")
                    .append(e.getKey().name().toLowerCase(Locale.ROOT)).append(" branch:");
            String sep = " ";
            for (Map.Entry<ExpressionKind, int[]> k : tally(e.getValue()).entrySet()) {
                int[] c = k.getValue();
                line.append(sep).append(String.format(Locale.ROOT, "%s %.1f %% (%d/%d)", k.getKey().label(),
                        100.0 * c[0] / c[1], c[0], c[1]));
                sep = ", ";
            }
            o.println(line);
        }
    }
}
