package io.simvg.examples.eval;

import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.pipeline.SampleMetadata;
import io.simvg.data.pipeline.SimVGBatchIterator;
import io.simvg.examples.model.LoadedModel;
import io.simvg.zoo.Task;
import io.simvg.zoo.eval.GrecAccuracy;
import io.simvg.zoo.eval.GrecEvaluator;
import io.simvg.zoo.eval.GrecSampleResult;
import io.simvg.zoo.eval.GroundingMetrics;
import io.simvg.zoo.eval.RecAccuracy;
import io.simvg.zoo.eval.RecProtocol;
import io.simvg.zoo.eval.RecSampleResult;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs predictions over a split batch by batch and scores them: boxes are mapped from the S×S network frame back to
 * each image's original pixels with the float32 scale factors SimVG used ({@code rescale=True}), and compared with the
 * dataset's GT boxes, by default clipped to {@code [0, W−1] × [0, H−1]} as SimVG's loader does. REC scores the
 * top-scoring query (the only one of a one-query model) with IoU ≥ 0.5; GREC hands every surviving query to the
 * official evaluator (score ≥ 0.7, GIoU, greedy matching). Each iterator batch is one metric batch, so SimVG's
 * per-batch means come out for the same batch size.
 */
public final class GroundingEvaluation {

    private final Task task;
    private final List<Branch> branches;
    private final RecProtocol recProtocol;
    private final boolean clipGroundTruth;
    private final boolean keepSamples;
    private final GrecEvaluator grec = new GrecEvaluator();

    /**
     * @param task            REC or GREC scoring
     * @param branches        the branches to score, in report order
     * @param recProtocol     how a REC prediction meets several GT boxes (Flickr30K); irrelevant with one box
     * @param clipGroundTruth clip GT boxes to the last pixel row/column as SimVG's loader does
     * @param keepSamples     keep every sample's outcome for a per-sample report
     */
    public GroundingEvaluation(Task task, List<Branch> branches, RecProtocol recProtocol, boolean clipGroundTruth,
                               boolean keepSamples) {
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("no branch to evaluate");
        }
        this.task = task;
        this.branches = List.copyOf(branches);
        this.recProtocol = recProtocol;
        this.clipGroundTruth = clipGroundTruth;
        this.keepSamples = keepSamples;
    }

    /**
     * Evaluates {@code model} on {@code samples} with SimVG's evaluation pipeline (stretch to S×S, no jitter), batch
     * by batch, showing a progress bar on {@code progress} (null: none).
     */
    public EvaluationResult evaluate(LoadedModel model, List<GroundingSample> samples, int batchSize, int workers,
                                     InvalidRecords invalid, PrintWriter progress, String label) {
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(samples, model.tokenizer())
                .preprocessor(new SimVGPreprocessor(model.config().imgSize())).batchSize(batchSize).workers(workers)
                .maxBoxes(Math.max(1, samples.stream().mapToInt(s -> s.boxes().size()).max().orElse(1)))
                .invalidRecords(invalid).build()) {
            ProgressBar bar = progress == null ? null : new ProgressBar(progress, label, it.batchesPerEpoch());
            IntConsumer update = bar == null ? n -> { } : bar::update;
            update.accept(0);
            try {
                return run(it, BatchPredictor.of(model.model().predictor(branches.get(0)), branches), update);
            } finally {
                if (bar != null) {
                    bar.finish();
                }
            }
        }
    }

    /**
     * Evaluates every batch of {@code batches} (from its current position to the end of the epoch).
     *
     * @param afterBatch called with the number of batches done after each one (progress display)
     */
    public EvaluationResult run(SimVGBatchIterator batches, BatchPredictor predictor, IntConsumer afterBatch) {
        long t0 = System.nanoTime();
        Map<Branch, GroundingMetrics> metrics = new LinkedHashMap<>();
        Map<Branch, List<SampleOutcome>> samples = new LinkedHashMap<>();
        for (Branch b : branches) {
            metrics.put(b, task == Task.REC ? new RecAccuracy() : new GrecAccuracy());
            samples.put(b, new ArrayList<>());
        }
        int done = 0;
        int index = 0;
        while (batches.hasNext()) {
            MultiDataSet batch = batches.next();
            List<SampleMetadata> meta = batch.getExampleMetaData(SampleMetadata.class);
            Map<Branch, List<List<Detection>>> predicted = predictor.predict(batch);
            for (Branch b : branches) {
                List<List<Detection>> rows = predicted.get(b);
                if (rows == null || rows.size() != meta.size()) {
                    throw new IllegalStateException("predictor returned " + (rows == null ? "nothing" : rows.size()
                            + " rows") + " for the " + b + " branch of a batch of " + meta.size());
                }
                List<SampleOutcome> outcomes = new ArrayList<>(meta.size());
                for (int i = 0; i < meta.size(); i++) {
                    outcomes.add(score(index + i, meta.get(i), rows.get(i)));
                }
                add(metrics.get(b), outcomes);
                if (keepSamples) {
                    samples.get(b).addAll(outcomes);
                }
            }
            index += meta.size();
            afterBatch.accept(++done);
        }
        return new EvaluationResult(task, metrics, samples, batches.invalidRecords().skippedCount(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Scores one row: predictions in the S×S frame against the sample's GT in original pixels. */
    SampleOutcome score(int index, SampleMetadata m, List<Detection> frameDetections) {
        List<Detection> original = frameDetections.stream()
                .map(d -> d.scaled(1.0 / m.scaleX(), 1.0 / m.scaleY())).toList();
        List<double[]> gt = groundTruth(m);
        if (task == Task.REC) {
            if (gt.isEmpty()) {
                throw new IllegalArgumentException(m.source() + ": has no target box; REC scoring needs one "
                        + "(use --task GREC)");
            }
            Detection best = original.stream().max(Comparator.comparingDouble(Detection::score)).orElse(null);
            RecSampleResult r = recProtocol.evaluate(best == null ? null : xyxy(best), gt);
            return new SampleOutcome(index, m, gt, best == null ? List.of() : List.of(best), r, null);
        }
        GrecSampleResult r = grec.evaluate(original, gt);
        List<Detection> kept = original.stream().filter(d -> d.score() >= GrecEvaluator.SCORE_THRESHOLD)
                .sorted(Comparator.comparingDouble(Detection::score).reversed()).toList();
        return new SampleOutcome(index, m, gt, kept, null, r);
    }

    private List<double[]> groundTruth(SampleMetadata m) {
        List<double[]> gt = new ArrayList<>();
        for (double[] b : m.boxesXyxy()) {
            gt.add(clipGroundTruth ? clip(b, m.width() - 1, m.height() - 1) : b.clone());
        }
        return gt;
    }

    private static double[] clip(double[] b, double maxX, double maxY) {
        return new double[] {Math.min(Math.max(b[0], 0), maxX), Math.min(Math.max(b[1], 0), maxY),
            Math.min(Math.max(b[2], 0), maxX), Math.min(Math.max(b[3], 0), maxY)};
    }

    private static double[] xyxy(Detection d) {
        return new double[] {d.x1(), d.y1(), d.x2(), d.y2()};
    }

    private static void add(GroundingMetrics metrics, List<SampleOutcome> outcomes) {
        if (metrics instanceof RecAccuracy rec) {
            rec.addBatch(outcomes.stream().map(SampleOutcome::rec).toList());
        } else {
            ((GrecAccuracy) metrics).addBatch(outcomes.stream().map(SampleOutcome::grec).toList());
        }
    }
}
