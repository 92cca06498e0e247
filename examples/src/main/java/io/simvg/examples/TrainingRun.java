package io.simvg.examples;

import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.image.LargeScaleJitter;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.pipeline.SimVGBatchIterator;
import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.losses.SimVGCriterion;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.train.SimVGTrainer;
import io.simvg.zoo.train.StepResult;
import io.simvg.zoo.train.TrainingCheckpoint;
import io.simvg.zoo.train.TrainingRecipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The epoch loop of {@code simvg train}: batches from the samples, one trainer step each, the progress bar and the
 * step log, and after every epoch the validation loss and a checkpoint. Stops early, with a checkpoint, after
 * {@code maxSteps} steps in all.
 */
final class TrainingRun {

    /** Training and validation samples with the number of box slots G their batches need. */
    record Data(List<GroundingSample> samples, int maxBoxes, List<GroundingSample> validation, int validationBoxes,
                InvalidRecords invalid, int workers) {
    }

    /**
     * Where the run writes: checkpoints and log under {@code dir}; console lines to stdout, the bar to stderr.
     * {@code arguments} are the command's, recorded in the log; {@code profile} prints op times per step at the end.
     */
    record Output(Path dir, String tokenizerId, String source, Path ui, boolean profile, PrintStream stdout,
                  PrintStream stderr, List<String> arguments) {
    }

    private final SimVGTrainer trainer;
    private final Beit3Tokenizer tokenizer;
    private final Data data;
    private final Output output;
    private final Long maxSteps;
    private final int checkpointEvery;

    /**
     * @param maxSteps        stop after this many steps in all (null: run every epoch)
     * @param checkpointEvery also write {@code latest.zip} every this many steps within an epoch (0: only at epoch
     *                        ends), so that an interrupted long epoch loses at most that many steps
     */
    TrainingRun(SimVGTrainer trainer, Beit3Tokenizer tokenizer, Data data, Output output, Long maxSteps,
                int checkpointEvery) {
        this.trainer = trainer;
        this.tokenizer = tokenizer;
        this.data = data;
        this.output = output;
        this.maxSteps = maxSteps;
        this.checkpointEvery = checkpointEvery;
    }

    /** Trains until the recipe's last epoch or {@code maxSteps}. */
    void run() throws IOException {
        TrainingRecipe recipe = trainer.recipe();
        SimVGConfig config = trainer.config();
        SimVGPreprocessor pre = new SimVGPreprocessor(config.imgSize(),
                recipe.largeScaleJitter() ? LargeScaleJitter.simvg(config.imgSize()) : null);
        UiStats uiStats = output.ui() == null ? null : new UiStats(output.ui());
        OpTimer timer = output.profile() ? new OpTimer() : null;
        if (timer != null) {
            trainer.graph().addListeners(timer);
        }
        long firstStep = trainer.progress().globalStep();
        // Native memory is freed by the garbage collector only (see SimVGTrainer.GarbageCollection): collect after
        // every step (0.1-0.3 s; without it DEMO at batch 16 grew from 1.5 to 8 GB in 7 steps, with it it stays at
        // 2.4 GB), and between the passes too when a pass's activations are large (BASE_32: gigabytes).
        long weights = trainer.parameters().values().stream().mapToLong(a -> a.length()).sum();
        trainer.setGarbageCollection(weights > 50_000_000L ? SimVGTrainer.GarbageCollection.AFTER_EACH_PASS
                : SimVGTrainer.GarbageCollection.AFTER_STEP);
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(data.samples(), tokenizer).preprocessor(pre)
                .batchSize(recipe.batchSize()).maxBoxes(data.maxBoxes()).shuffle(true)
                .seed(trainer.progress().dataSeed()).workers(data.workers()).invalidRecords(data.invalid())
                .firstEpoch(trainer.progress().epoch()).skipBatches(trainer.progress().batchInEpoch()).build();
             TrainLog log = new TrainLog(output.dir())) {
            log.run(output.arguments(), trainer.progress().globalStep(), recipe.toJsonMap());
            long total = recipe.epochs() * it.batchesPerEpoch();
            if (maxSteps != null) {
                total = Math.min(total, maxSteps);
            }
            ProgressLine bar = new ProgressLine(output.stderr(), recipe.epochs(), total);
            while (trainer.progress().epoch() < recipe.epochs()) {
                EpochTally tally = new EpochTally(trainer.progress().epoch(), trainer.progress().batchInEpoch(),
                        trainer.topLevelTerms());
                long epochStart = System.nanoTime();
                boolean stopped = runEpoch(it, tally, log, bar, uiStats);
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                bar.clear();
                if (stopped) {
                    if (tally.steps() > 0) {
                        TrainingCheckpoint.write(output.dir().resolve(TrainingCheckpoint.LATEST), trainer,
                                output.tokenizerId(), output.source());
                        report(log, tally, seconds, null, false);
                    }
                    output.stdout().printf(Locale.ROOT, "stopped after step %d (--max-steps); checkpoint %s%n",
                            trainer.progress().globalStep(), output.dir().resolve(TrainingCheckpoint.LATEST));
                    printProfile(timer, firstStep);
                    return;
                }
                trainer.finishEpoch();
                EpochTally.Validation val = data.validation().isEmpty() ? null : validationLoss();
                if (val != null && (trainer.progress().bestMetric() == null
                        || val.loss() < trainer.progress().bestMetric())) {
                    trainer.setProgress(trainer.progress().withBestMetric(val.loss()));
                }
                Path file = TrainingCheckpoint.writeEpoch(output.dir(), trainer, output.tokenizerId(),
                        output.source());
                report(log, tally, seconds, val, true);
                output.stdout().println("  checkpoint " + file);
                if (uiStats != null) {
                    uiStats.epochEnd(trainer.graph(), tally.epoch(), trainer.progress().globalStep(),
                            (long) (seconds * 1000));
                }
                if (trainer.progress().epoch() < recipe.epochs()) {
                    it.reset();
                }
            }
        }
        output.stdout().println("done: " + recipe.epochs() + " epochs, " + trainer.progress().globalStep()
                + " steps; " + output.dir().resolve(TrainingCheckpoint.LATEST));
        printProfile(timer, firstStep);
    }

    private void printProfile(OpTimer timer, long firstStep) {
        int steps = (int) (trainer.progress().globalStep() - firstStep);
        if (timer != null && steps > 0) {
            output.stdout().print(timer.report(steps, 30, "step"));
        }
    }

    /** Steps through the rest of the epoch; true when {@code maxSteps} stopped it first. */
    private boolean runEpoch(SimVGBatchIterator it, EpochTally tally, TrainLog log, ProgressLine bar, UiStats uiStats)
            throws IOException {
        if (uiStats != null) {
            uiStats.epochStart(trainer.graph(), tally.epoch(), trainer.progress().globalStep());
        }
        List<String> terms = trainer.topLevelTerms();
        long before = System.nanoTime();
        while (it.hasNext()) {
            if (maxSteps != null && trainer.progress().globalStep() >= maxSteps) {
                return true;
            }
            MultiDataSet b = it.next();
            long dataMillis = (System.nanoTime() - before) / 1_000_000;
            StepResult r = trainer.step(b);
            long now = System.nanoTime();
            double seconds = (now - before) / 1e9;
            before = now;
            tally.add(r);
            log.step(r, seconds);
            bar.show(r, terms, seconds);
            if (uiStats != null) {
                uiStats.step(trainer.graph(), b, r, terms, dataMillis);
            }
            if (checkpointEvery > 0 && r.globalStep() % checkpointEvery == 0 && it.hasNext()
                    && (maxSteps == null || r.globalStep() < maxSteps)) {   // else the epoch end or the stop writes it
                Path latest = output.dir().resolve(TrainingCheckpoint.LATEST);
                TrainingCheckpoint.write(latest, trainer, output.tokenizerId(), output.source());
                log.checkpoint(r.globalStep(), latest);
                before = System.nanoTime();              // the write is not the next step's data time
            }
        }
        return false;
    }

    private void report(TrainLog log, EpochTally tally, double seconds, EpochTally.Validation val, boolean complete)
            throws IOException {
        output.stdout().println(tally.line(trainer.recipe(), seconds, val, complete));
        log.epoch(tally.record(trainer.recipe(), seconds, val, complete));
    }

    /** Mean {@code loss_total} over the validation samples (per image), inference phase, no augmentation. */
    private EpochTally.Validation validationLoss() {
        double sum = 0;
        int n = 0;
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(data.validation(), tokenizer)
                .preprocessor(new SimVGPreprocessor(trainer.config().imgSize()))
                .batchSize(trainer.recipe().batchSize()).maxBoxes(data.validationBoxes()).workers(data.workers())
                .invalidRecords(data.invalid()).build()) {
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                int size = (int) b.getFeatures(0).size(0);
                sum += trainer.evaluateLoss(b).get(SimVGCriterion.TOTAL) * size;
                n += size;
            }
        }
        return new EpochTally.Validation(sum / n, n);
    }
}
