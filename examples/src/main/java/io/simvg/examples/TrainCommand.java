package io.simvg.examples;

import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.pipeline.SimVGBatchIterator;
import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.losses.TrainingStage;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.train.InitialWeights;
import io.simvg.zoo.train.SimVGTrainer;
import io.simvg.zoo.train.TrainingCheckpoint;
import io.simvg.zoo.train.TrainingRecipe;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simvg train}: trains SimVG on any data set {@code DatasetFormat} opens, with the official recipe
 * (SIMVG.md §3) unless options override it, writing a checkpoint (a model file with the trainer state) after every
 * epoch and resuming from one exactly.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train SimVG with the official recipe: AMSGrad Adam (0.9, 0.98, eps 1e-9), encoder lr x0.1, "
            + "3 warm-up epochs, x0.1 step decay, grad-norm clip 0.15, DWBD distillation.",
            "Writes OUT/epoch-<n>.zip and OUT/latest.zip after every epoch (model files with the trainer state, "
            + "loadable with SimVG.load) and OUT/train-log.jsonl (every step)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "training data: any file DatasetFormat opens "
            + "(refs(unc).p, grefs(unc).json, instances.json, *_train.pth, a Flickr30K Entities directory); repeat "
            + "it to train on several data sets at once")
    List<Path> data;

    @Option(names = "--split", defaultValue = "train", description = "split of --data (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--val-data", description = "validation data; its mean loss is printed after every epoch "
            + "(metrics: simvg eval)")
    Path valData;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val-data (default: ${DEFAULT-VALUE})")
    String valSplit;

    @Option(names = "--preset", description = "TINY, DEMO, BASE_32, LARGE_32 or a config .json (default: BASE_32, "
            + "or the checkpoint's with --resume)")
    String preset;

    @Option(names = "--task", description = "REC (1 query) or GREC (10 queries) (default: the preset's)")
    Task task;

    @Option(names = "--stage", description = "decoder (two-stage step 1), one-stage or distill (two-stage step 2) "
            + "(default: one-stage)")
    String stage;

    @Option(names = "--epochs", description = "epochs (default: the official recipe's, 30 for REC, 200 for GREC)")
    Integer epochs;

    @Option(names = "--batch", description = "images per step (default: the recipe's, 32)")
    Integer batch;

    @Option(names = "--lr", description = "head learning rate (default: 5e-4; 3e-4 for REC distill)")
    Double lr;

    @Option(names = "--encoder-lr-factor", description = "lr factor of the BEiT-3 encoder, vis_enc.* (default: 0.1)")
    Double encoderLrFactor;

    @Option(names = "--warmup", description = "warm-up epochs (default: 3)")
    Integer warmup;

    @Option(names = "--decay-steps", description = "1-based epochs from which the lr is x0.1 each, comma-separated, "
            + "or none (default: the recipe's, e.g. 25)")
    String decaySteps;

    @Option(names = "--eos-coef", description = "class weight of the no-object target of unmatched queries "
            + "(DETR's eos_coef; default: 0.1 as SimVG's)")
    Double eosCoef;

    @Option(names = "--clip", description = "global gradient-norm limit, 0 = off (default: 0.15)")
    Double clip;

    @Option(names = "--amsgrad", negatable = true, description = "Adam keeps the running maximum of the second "
            + "moment, as SimVG's recipe (default: on; --no-amsgrad for plain Adam)")
    Boolean amsgrad;

    @Option(names = "--ema", negatable = true, description = "keep an EMA of the weights in the checkpoints "
            + "(default: off, on for REC stage decoder)")
    Boolean ema;

    @Option(names = "--seed", description = "seed of initialisation, dropout and data order (default: 6666)")
    Long seed;

    @Option(names = "--workers", defaultValue = "2", description = "data loading threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--jitter", negatable = true, description = "large-scale jitter of training images "
            + "(default: on for REC, off for GREC, as the official recipes)")
    Boolean jitter;

    @Option(names = "--init", description = "initial weights: a model file (simvg convert, a checkpoint) or an .npz "
            + "state dict; training starts at epoch 1 with a fresh optimizer")
    Path init;

    @Option(names = "--sincos-positions", description = "start the vision position table from a 2-D sine-cosine "
            + "code instead of BEiT-3's random initialisation (training from scratch: every patch carries its grid "
            + "position from step 1); "
            + "not with --init; with --resume the checkpoint's weights are kept)")
    boolean sincosPositions;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT",
            description = "continue a run from a checkpoint (default: OUT/latest.zip): weights, optimizer, EMA, "
                    + "epoch and batch; options given again override its recipe")
    String resume;

    @Option(names = "--out", required = true, description = "output directory for checkpoints and the log")
    Path out;

    @Option(names = "--max-steps", description = "stop once the run has taken N optimizer steps in all (smoke runs); "
            + "a checkpoint is written to OUT/latest.zip")
    Long maxSteps;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "also write OUT/latest.zip every N "
            + "steps within an epoch, so that an interrupted long epoch resumes from there (default: only after "
            + "every epoch)")
    int checkpointEvery;

    @Option(names = "--tokenizer", description = "SentencePiece model (beit3.spm for BEiT-3 weights; default: the "
            + "bundled small model, or the checkpoint's)")
    Path tokenizerModel;

    @Option(names = "--skip-invalid", description = "skip unreadable samples (logged and counted) instead of failing")
    boolean skipInvalid;

    @Option(names = "--ui", description = "also write SameDiff UI stats (loss curves) to this file, for the DL4J "
            + "UI server's /samediff page")
    Path ui;

    @Option(names = "--profile", description = "time every op of the training steps and print the op types taking "
            + "the most time when the run stops")
    boolean profile;

    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;

    @Override
    public Integer call() throws IOException {
        checkPositive(epochs, "--epochs");
        checkPositive(batch, "--batch");
        checkPositive(maxSteps, "--max-steps");
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be 0 (off) or a number of steps, got "
                    + checkpointEvery);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (init != null && resume != null) {
            throw new IllegalArgumentException("--init and --resume exclude each other (a resumed run has its weights)");
        }
        if (sincosPositions && init != null) {
            throw new IllegalArgumentException("--sincos-positions initialises a run from scratch; it does not go with "
                    + "--init (the weights come from the file)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + " exists and is not a directory");
        }

        Path resumeFile = resume == null ? null : resume.isEmpty() ? out.resolve(TrainingCheckpoint.LATEST)
                : Path.of(resume);
        TrainingCheckpoint.Info info = null;
        if (resumeFile != null) {
            if (!Files.isRegularFile(resumeFile)) {
                throw new IOException(resumeFile + ": no checkpoint to resume from");
            }
            info = TrainingCheckpoint.readInfo(resumeFile);
        }
        SimVGConfig config = config(info, resumeFile);
        Task runTask = Task.forQueries(config.numQueries());
        TrainingRecipe recipe = recipe(info, resumeFile, runTask);

        String tokenizerId;
        Beit3Tokenizer tokenizer;
        if (tokenizerModel != null) {
            tokenizerId = tokenizerModel.toAbsolutePath().toString();
            tokenizer = Beit3Tokenizer.load(tokenizerModel, config.maxToken());
        } else if (info != null && !info.manifest().tokenizer().isEmpty()
                && !info.manifest().tokenizer().equals(ModelManifest.BUNDLED_TOKENIZER)) {
            tokenizerId = info.manifest().tokenizer();
            tokenizer = Beit3Tokenizer.load(Path.of(tokenizerId), config.maxToken());
        } else {
            tokenizerId = ModelManifest.BUNDLED_TOKENIZER;
            tokenizer = Beit3Tokenizer.bundled(config.maxToken());
        }
        try (tokenizer) {
            if (info != null && !info.manifest().tokenizer().isEmpty()
                    && !info.manifest().tokenizer().equals(tokenizerId)) {
                throw new IllegalArgumentException(resumeFile + ": the run was trained with tokenizer "
                        + info.manifest().tokenizer() + ", not " + tokenizerId);
            }
            if (tokenizer.vocabularySize() > config.vocabSize()) {
                throw new IllegalArgumentException("tokenizer " + tokenizerId + " produces " + tokenizer.vocabularySize()
                        + " ids but the " + SimVGConfig.presetName(config) + " model's text embedding has "
                        + config.vocabSize() + " rows; use the tokenizer the model was made for (--tokenizer)");
            }
            try (SameDiffNoiseFilter quiet = SameDiffNoiseFilter.install()) {
                return train(config, recipe, tokenizer, tokenizerId, info, resumeFile);
            }
        }
    }

    private int train(SimVGConfig config, TrainingRecipe recipe, Beit3Tokenizer tokenizer, String tokenizerId,
                      TrainingCheckpoint.Info info, Path resumeFile) throws IOException {
        Task runTask = Task.forQueries(config.numQueries());
        List<GroundingSample> samples = new ArrayList<>();
        int maxBoxes = 1;
        for (Path file : data) {
            List<GroundingSample> part = read(file, split);
            maxBoxes = Math.max(maxBoxes, maxBoxes(part, runTask, file));
            samples.addAll(part);
        }
        List<GroundingSample> valSamples = valData == null ? List.of() : read(valData, valSplit);
        int valBoxes = valData == null ? 1 : maxBoxes(valSamples, runTask, valData);
        Files.createDirectories(out);

        SimVGTrainer trainer;
        String source;
        long t0 = System.nanoTime();
        if (info != null) {
            trainer = TrainingCheckpoint.resume(resumeFile, recipe);
            source = info.manifest().source();
            stdout.printf(Locale.ROOT, "resumed %s: epoch %d, batch %d, step %d%n", resumeFile,
                    trainer.progress().epoch() + 1, trainer.progress().batchInEpoch(),
                    trainer.progress().globalStep());
            requireResumableEpoch(trainer, samples.size(), resumeFile);
        } else {
            trainer = SimVGTrainer.create(config, recipe);
            source = init == null ? "" : init.getFileName().toString();
            if (sincosPositions) {
                trainer.useSineCosinePositions();
            }
            if (init != null) {
                try {
                    InitialWeights.Result r = InitialWeights.load(trainer, init);
                    stdout.printf(Locale.ROOT, "initial weights %s: %d tensors%s%n", init, r.report().loaded().size(),
                            r.keptInitialisation().isEmpty() ? "" : ", " + r.keptInitialisation().size()
                                    + " token-branch tensors keep their initialisation (the file has no token branch)");
                } catch (WeightLoadException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        }
        stdout.printf(Locale.ROOT, "%s %s, stage %s, %d training samples (%s %s), batch %d, %d epochs, lr %.2e "
                        + "(encoder x%s), jitter %s, EMA %s, no-object weight %s, seed %d; model ready in %.1f s%n",
                SimVGConfig.presetName(config), runTask, stageName(recipe.stage()), samples.size(), names(data),
                split, recipe.batchSize(), recipe.epochs(), recipe.learningRate(), recipe.encoderLrFactor(),
                recipe.largeScaleJitter() ? "on" : "off", recipe.ema() ? "on" : "off", recipe.eosCoef(), recipe.seed(),
                (System.nanoTime() - t0) / 1e9);

        if (trainer.progress().epoch() >= recipe.epochs()) {
            stdout.println("nothing to do: the run has finished its " + recipe.epochs() + " epochs (raise --epochs)");
            return 0;
        }
        if (maxSteps != null && trainer.progress().globalStep() >= maxSteps) {
            stdout.println("nothing to do: the run has taken " + trainer.progress().globalStep() + " steps already "
                    + "(--max-steps " + maxSteps + ")");
            return 0;
        }

        TrainingRun.Data runData = new TrainingRun.Data(samples, maxBoxes, valSamples, valBoxes,
                InvalidRecords.of(skipInvalid), workers);
        TrainingRun.Output runOutput = new TrainingRun.Output(out, tokenizerId, source, ui, profile, stdout,
                stderr, spec.commandLine().getParseResult().originalArgs());
        new TrainingRun(trainer, tokenizer, runData, runOutput, maxSteps, checkpointEvery).run();
        return 0;
    }

    /**
     * A checkpoint written within an epoch continues after the batches it had done; data giving fewer batches per
     * epoch (another data set, split or batch size) cannot continue that epoch.
     */
    private static void requireResumableEpoch(SimVGTrainer trainer, int samples, Path checkpoint) {
        int batch = trainer.recipe().batchSize();
        int batchesPerEpoch = SimVGBatchIterator.batchesPerEpoch(samples, batch);
        int done = trainer.progress().batchInEpoch();
        if (done > batchesPerEpoch) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: resumes epoch %d after batch %d, but "
                    + "%d samples at batch %d give %d batches per epoch; resume with the data it was trained on, or "
                    + "start a new run from it with --init", checkpoint, trainer.progress().epoch() + 1, done, samples,
                    batch, batchesPerEpoch));
        }
    }

    // ------------------------------------------------------------------------------------------------ settings

    private SimVGConfig config(TrainingCheckpoint.Info info, Path resumeFile) throws IOException {
        if (info == null) {
            SimVGConfig c = Presets.resolve(preset == null ? "BASE_32" : preset);
            return task == null ? c : c.withTask(task);
        }
        SimVGConfig stored = info.manifest().config();
        if (preset != null || task != null) {
            SimVGConfig asked = preset == null ? stored : Presets.resolve(preset);
            asked = asked.withTask(task != null ? task : Task.forQueries(stored.numQueries()));
            if (!asked.equals(stored)) {
                throw new IllegalArgumentException(resumeFile + ": checkpoint of a " + info.manifest().preset() + " "
                        + info.manifest().task() + " model, but " + SimVGConfig.presetName(asked) + " "
                        + Task.forQueries(asked.numQueries()) + " was asked for (--preset/--task)");
            }
        }
        return stored;
    }

    private TrainingRecipe recipe(TrainingCheckpoint.Info info, Path resumeFile, Task runTask) {
        TrainingStage asked = stage == null ? null : parseStage(stage);
        TrainingRecipe base;
        if (info != null) {
            base = info.recipe();
            if (asked != null && asked != base.stage()) {
                throw new IllegalArgumentException(resumeFile + ": the run trains stage " + stageName(base.stage())
                        + "; --stage " + stage + " needs a new run (--init " + resumeFile + ")");
            }
        } else {
            base = TrainingRecipe.official(runTask, asked == null ? TrainingStage.ONE_STAGE : asked);
        }
        TrainingRecipe.Builder b = base.toBuilder();
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        if (lr != null) {
            b.learningRate(lr);
        }
        if (encoderLrFactor != null) {
            b.encoderLrFactor(encoderLrFactor);
        }
        if (warmup != null) {
            b.warmupEpochs(warmup);
        }
        if (decaySteps != null) {
            b.decaySteps(parseDecaySteps(decaySteps));
        }
        if (clip != null) {
            b.clipMaxNorm(clip);
        }
        if (eosCoef != null) {
            b.eosCoef(eosCoef);
        }
        if (amsgrad != null) {
            b.amsgrad(amsgrad);
        }
        if (ema != null) {
            b.ema(ema);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (jitter != null) {
            b.largeScaleJitter(jitter);
        }
        TrainingRecipe r = b.build();
        if (info != null && !r.equals(base)) {
            List<String> changed = new ArrayList<>();
            Map<String, Object> was = base.toJsonMap();
            r.toJsonMap().forEach((k, v) -> {
                if (!v.equals(was.get(k))) {
                    changed.add(k + " " + was.get(k) + " -> " + v);
                }
            });
            stdout.println("resuming with a changed recipe: " + String.join(", ", changed));
        }
        return r;
    }

    static TrainingStage parseStage(String s) {
        switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "decoder":
                return TrainingStage.DECODER;
            case "one-stage", "onestage":
                return TrainingStage.ONE_STAGE;
            case "distill":
                return TrainingStage.DISTILL;
            default:
                throw new IllegalArgumentException("unknown --stage '" + s + "' (expected decoder, one-stage or "
                        + "distill)");
        }
    }

    static String stageName(TrainingStage s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static List<Integer> parseDecaySteps(String s) {
        if (s.isBlank() || s.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--decay-steps: '" + part.trim() + "' is not an epoch number "
                        + "(expected e.g. 25 or 21,27 or none)");
            }
        }
        return out;
    }

    private static void checkPositive(Number n, String option) {
        if (n != null && n.longValue() < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + n);
        }
    }

    private static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.joining(" + "));
    }

    private List<GroundingSample> read(Path file, String which) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": data file not found");
        }
        try {
            List<GroundingSample> s = DatasetFormat.open(file, InvalidRecords.of(skipInvalid)).read(which);
            if (s.isEmpty()) {
                throw new IllegalArgumentException(file + ": split '" + which + "' has no samples");
            }
            return s;
        } catch (GroundingDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** G of the batches: 1 for REC (a multi-box sample is an error), the largest target set for GREC. */
    private static int maxBoxes(List<GroundingSample> samples, Task task, Path file) {
        int max = samples.stream().mapToInt(s -> s.boxes().size()).max().orElse(0);
        if (task == Task.REC) {
            for (GroundingSample s : samples) {
                if (s.boxes().size() != 1) {
                    throw new IllegalArgumentException(s.source() + " has " + s.boxes().size()
                            + " target boxes; REC needs exactly one (train GREC data with --task GREC)");
                }
            }
            return 1;
        }
        return Math.max(1, max);
    }
}
