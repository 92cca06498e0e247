package io.simvg.examples.eval;

import io.simvg.data.pipeline.SampleMetadata;
import io.simvg.zoo.eval.GrecSampleResult;
import io.simvg.zoo.eval.GroundingMetrics;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import io.simvg.examples.JsonOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation's outputs: a human-readable summary (whole-split and per-batch-mean figures per branch) and a JSON
 * report with the run's context, the figures (fractions; {@code null} where undefined, e.g. N-acc without no-target
 * expressions), the counts behind them, the per-batch values and optionally every sample's outcome.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    /** The summary lines: one block per branch. */
    public static void print(EvaluationResult result, PrintWriter out) {
        for (Map.Entry<Branch, GroundingMetrics> e : result.metrics().entrySet()) {
            GroundingMetrics m = e.getValue();
            out.printf(Locale.ROOT, "%s branch, %s, %d samples in %d batches%n", name(e.getKey()), m.task(),
                    m.samples(), m.batches());
            m.figures().forEach((k, v) -> out.printf(Locale.ROOT, "  %-26s %s%n", k,
                    Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * v)));
            out.printf(Locale.ROOT, "  %-26s %s%n", "counts", m.counts());
        }
        if (result.skipped() > 0) {
            out.printf(Locale.ROOT, "skipped %d invalid record(s)%n", result.skipped());
        }
        out.flush();
    }

    /** The report as a JSON-ready tree; {@code context} comes first (model, data, split, options). */
    public static Map<String, Object> tree(EvaluationResult result, Map<String, Object> context, boolean perSample) {
        Map<String, Object> root = new LinkedHashMap<>(context);
        root.put("task", result.task().name());
        root.put("skipped_invalid", result.skipped());
        root.put("seconds", result.seconds());
        Map<String, Object> branches = new LinkedHashMap<>();
        result.metrics().forEach((b, m) -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("figures", nanToNull(m.figures()));
            node.put("counts", m.counts());
            node.put("per_batch", m.perBatch().stream().map(EvaluationReport::nanToNull).toList());
            branches.put(name(b), node);
        });
        root.put("branches", branches);
        if (perSample) {
            Map<String, Object> samples = new LinkedHashMap<>();
            result.samples().forEach((b, list) -> samples.put(name(b), list.stream().map(EvaluationReport::sample)
                    .toList()));
            root.put("per_sample", samples);
        }
        return root;
    }

    private static Map<String, Object> sample(SampleOutcome o) {
        SampleMetadata m = o.sample();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("index", o.index());
        s.put("image", m.image());
        s.put("expression", m.expression());
        s.put("source", m.source());
        s.put("width", m.width());
        s.put("height", m.height());
        s.put("gt_xyxy", o.groundTruth());
        List<Map<String, Object>> preds = new ArrayList<>();
        for (Detection d : o.predictions()) {
            preds.add(JsonOutput.box(d));
        }
        s.put("predictions", preds);
        s.put("correct", o.correct());
        if (o.rec() != null) {
            s.put("iou", o.rec().iou());
        } else {
            GrecSampleResult g = o.grec();
            s.put("no_target", g.noTarget());
            s.put("tp", g.tp());
            s.put("fp", g.fp());
            s.put("fn", g.fn());
            s.put("f1", g.f1());
            s.put("nt_bucket", g.bucket().name());
        }
        return s;
    }

    static String name(Branch b) {
        return b.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> nanToNull(Map<String, Double> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Double.isNaN(v) ? null : v));
        return out;
    }
}
