package io.simvg.zoo.train;

import io.simvg.losses.SimVGCriterion;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.graph.Layers;
import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.weights.StateDictLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains SimVG with the official objective and optimizer, one batch at a time.
 *
 * <p>A step (SIMVG.md §2.6, DL4J-M2.1.md §6 pattern A):
 * <ol>
 *   <li>forward pass without gradients, in the training phase (dropout active), giving the decoder outputs of every
 *   layer and the token-branch outputs;</li>
 *   <li>{@link SimVGCriterion#prepare}: Hungarian matchings, W_dt and pseudo targets in Java, as placeholders;</li>
 *   <li>{@link GradientPass}: gradients of {@code loss_total} and, in the same pass, every loss term (reading terms
 *   this way sidesteps M2.1's listener bug that reports a pruned loss as 0);</li>
 *   <li>global gradient-norm clipping, then the AMSGrad Adam update with the epoch's learning rates
 *   ({@code vis_enc.*} × the encoder factor), then the EMA update when enabled.</li>
 * </ol>
 * After each pass the graph gets fresh sessions ({@link ExecutionSessions}), so that its arrays can be freed.
 * The ND4J random generator is re-seeded from (seed, global step) before each of the two passes, so both passes draw
 * the same dropout masks (the matching sees the very outputs that are differentiated) and a step's randomness does not
 * depend on what ran before it: the same seed and data give the same losses, and a resumed run continues bit for bit.
 *
 * <p>Batches have the layout of {@code SimVGBatchIterator}: features {@code img [B,3,S,S]}, token ids
 * {@code [B,T]} (int64), text mask {@code [B,T]} (1 = padding); labels ground-truth boxes {@code [B,G,4]} (normalised
 * cxcywh, zero rows for padding) and their mask {@code [B,G]}.
 */
public final class SimVGTrainer {

    /** Optimizer group of the BEiT-3 encoder ({@code vis_enc.*}). */
    public static final String ENCODER_GROUP = "encoder";
    /** Optimizer group of everything else. */
    public static final String HEAD_GROUP = "head";

    private final SimVGConfig config;
    private final TrainingRecipe recipe;
    private final GraphVariant variant;
    private final SameDiff sd;
    private final SimVGCriterion criterion;
    private final Map<String, INDArray> params;
    private final AmsGradAdam optimizer;
    private final LearningRateSchedule schedule;
    private final ExponentialMovingAverage ema;
    private final List<String> forwardOutputs = new ArrayList<>();
    private final List<String> topTerms;
    private TrainingProgress progress;
    private SameDiff modelGraph;
    private GarbageCollection garbageCollection = GarbageCollection.OFF;

    private SimVGTrainer(SimVGConfig config, TrainingRecipe recipe, DataType dataType) {
        this.config = config;
        this.recipe = recipe;
        this.variant = variantFor(recipe);
        this.sd = SimVG.builder().config(config).variant(variant).dataType(dataType).seed(recipe.seed()).build()
                .init();
        List<SDVariable> decLogits = new ArrayList<>();
        List<SDVariable> decBoxes = new ArrayList<>();
        for (int l = 0; l < config.decLayers(); l++) {
            decLogits.add(sd.getVariable(SimVGGraph.decLogits(l)));
            decBoxes.add(sd.getVariable(SimVGGraph.decBoxes(l)));
            forwardOutputs.add(SimVGGraph.decLogits(l));
            forwardOutputs.add(SimVGGraph.decBoxes(l));
        }
        boolean distills = recipe.stage().distills();
        if (distills) {
            forwardOutputs.add(SimVGGraph.TOK_LOGITS);
            forwardOutputs.add(SimVGGraph.TOK_BOXES);
        }
        this.criterion = new SimVGCriterion(sd, decLogits, decBoxes,
                distills ? sd.getVariable(SimVGGraph.TOK_LOGITS) : null,
                distills ? sd.getVariable(SimVGGraph.TOK_BOXES) : null,
                config.numQueries(), recipe.stage(), recipe.gammaToken(), recipe.gammaDistill(), recipe.eosCoef());
        sd.setLossVariables(criterion.total());
        this.topTerms = distills ? List.of("loss_dgt", "loss_tgt", "loss_kd") : List.of("loss_dgt");

        this.params = new LinkedHashMap<>();
        StateDictLoader.parameters(sd).forEach((name, v) -> params.put(name, v.getArr()));
        this.optimizer = AmsGradAdam.of(recipe)
                .addGroup(HEAD_GROUP, recipe.learningRate())
                .addGroup(ENCODER_GROUP, recipe.learningRate() * recipe.encoderLrFactor());
        params.forEach((name, p) -> optimizer.addParameter(name, p,
                TrainingRecipe.isEncoderParameter(name) ? ENCODER_GROUP : HEAD_GROUP));
        this.schedule = recipe.schedule();
        this.ema = recipe.ema() ? new ExponentialMovingAverage(params, recipe.emaDecay()) : null;
        this.progress = TrainingProgress.start(recipe.seed());
    }

    /** A trainer with freshly initialised float32 weights (seeded by the recipe). */
    public static SimVGTrainer create(SimVGConfig config, TrainingRecipe recipe) {
        return create(config, recipe, DataType.FLOAT);
    }

    public static SimVGTrainer create(SimVGConfig config, TrainingRecipe recipe, DataType dataType) {
        return new SimVGTrainer(config, recipe, dataType);
    }

    /** Stage DECODER trains the decoder-branch graph; the other stages need both branches. */
    public static GraphVariant variantFor(TrainingRecipe recipe) {
        return recipe.stage().distills() ? GraphVariant.FULL : GraphVariant.DECODER_BRANCH;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public SimVGConfig config() {
        return config;
    }

    public TrainingRecipe recipe() {
        return recipe;
    }

    public GraphVariant variant() {
        return variant;
    }

    /** The training graph (model + criterion); its parameters are the trained weights. */
    public SameDiff graph() {
        return sd;
    }

    /**
     * The model alone (no criterion, no gradient function) holding the current weights: what checkpoints store, so
     * that a checkpoint opens as an ordinary model file. Built on first use and refreshed from the training weights
     * on every call (SameDiff copies arrays handed to an existing variable, so the training graph's arrays cannot be
     * shared); costs one more copy of the weights from then on.
     */
    public SameDiff modelGraph() {
        if (modelGraph == null) {
            modelGraph = SimVG.builder().config(config).variant(variant).dataType(dataTypeOf(params))
                    .seed(recipe.seed()).build().init();
        }
        StateDictLoader.parameters(modelGraph).forEach((name, v) -> {
            INDArray p = params.get(name);
            if (p == null || !Arrays.equals(p.shape(), v.getArr().shape())) {
                throw new IllegalStateException("model graph parameter " + name + " has no counterpart in the "
                        + "training graph");
            }
            v.getArr().assign(p);
        });
        return modelGraph;
    }

    private static DataType dataTypeOf(Map<String, INDArray> params) {
        return params.values().iterator().next().dataType();
    }

    public SimVGCriterion criterion() {
        return criterion;
    }

    /** The trainable parameters by official name (live arrays: the optimizer updates them in place). */
    public Map<String, INDArray> parameters() {
        return java.util.Collections.unmodifiableMap(params);
    }

    public AmsGradAdam optimizer() {
        return optimizer;
    }

    /** The weight average, or null when the recipe has EMA off. */
    public ExponentialMovingAverage ema() {
        return ema;
    }

    public TrainingProgress progress() {
        return progress;
    }

    /** Sets the progress (resuming) or records the data seed / best metric. */
    public void setProgress(TrainingProgress progress) {
        this.progress = progress;
    }

    /**
     * When a step runs the garbage collector. ND4J frees an array's native memory only when its Java object is
     * collected, and SameDiff leaves a pass's intermediate arrays to the collector; a step allocates little heap, so
     * collections are rare and native memory grows by a pass's activations per step (DEMO at batch 16: resident memory
     * 1.5 → 8 GB over 7 steps, flat at 2.4 GB when collecting after each step).
     */
    public enum GarbageCollection {
        /** Never (the library default; the caller manages memory). */
        OFF,
        /** After each step (about 0.15 s per collection with a small heap). */
        AFTER_STEP,
        /** Also between the forward and the gradient pass, so their arrays never coexist (large models). */
        AFTER_EACH_PASS
    }

    public void setGarbageCollection(GarbageCollection gc) {
        this.garbageCollection = gc;
    }

    /**
     * Starts the vision position table from a 2-D sine-cosine code ({@link SineCosinePositions}) instead of its random
     * initialisation: for runs from scratch, before the first step.
     */
    public void useSineCosinePositions() {
        if (progress.globalStep() > 0) {
            throw new IllegalStateException("position codes are an initialisation; the run has taken "
                    + progress.globalStep() + " steps already");
        }
        SineCosinePositions.fill(params.get(SineCosinePositions.TABLE), config);
        weightsReplaced();
    }

    /** Restarts the weight average (when on) from the current weights: call after overwriting weights. */
    public void weightsReplaced() {
        if (ema != null) {
            ema.restore(params, 0);
        }
    }

    /** The learning-rate factor of the current epoch. */
    public double learningRateFactor() {
        return schedule.factor(progress.epoch());
    }

    /** Marks the current epoch finished: the next step uses the next epoch's learning rate. */
    public void finishEpoch() {
        progress = progress.afterEpoch();
    }

    /** A manifest for writing this trainer's weights as a model file. */
    public ModelManifest manifest(String tokenizer, String source, String createdBy) {
        return ModelManifest.of(config, variant, tokenizer, source, createdBy);
    }

    /** The top-level loss terms whose sum is {@code loss_total}. */
    public List<String> topLevelTerms() {
        return topTerms;
    }

    // ------------------------------------------------------------------------------------------------ training

    /** One optimizer step on {@code batch}; see the class comment. */
    public StepResult step(MultiDataSet batch) {
        long t0 = System.nanoTime();
        Batch in = batchOf(batch);
        long seed = stepSeed(recipe.seed(), progress.globalStep());
        Map<String, Long> phases = new LinkedHashMap<>();
        Nd4j.getRandom().setSeed(seed);
        Matched m = forwardAndMatch(in, true, phases);
        long t = System.nanoTime();
        if (garbageCollection == GarbageCollection.AFTER_EACH_PASS) {
            System.gc();                                 // the forward pass's arrays, before the gradient pass
        }
        t = lap(phases, "gc", t);

        List<String> outputs = new ArrayList<>(criterion.terms().keySet());
        outputs.addAll(forwardOutputs);
        Nd4j.getRandom().setSeed(seed);
        GradientPass.Result pass = GradientPass.run(sd, m.placeholders(), outputs, params.keySet());
        ExecutionSessions.release(sd);
        t = lap(phases, "gradients", t);
        for (String name : forwardOutputs) {
            if (!m.forward().get(name).equals(pass.outputs().get(name))) {
                throw new IllegalStateException("the gradient pass computed different " + name + " than the "
                        + "matching pass (random numbers drawn in a different order); the matching would not "
                        + "belong to the differentiated outputs");
            }
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        criterion.terms().keySet().forEach(n -> terms.put(n, pass.outputs().get(n).getDouble(0)));
        double total = terms.get(SimVGCriterion.TOTAL);
        if (!Double.isFinite(total)) {
            throw new IllegalStateException("loss is " + total + " at step " + (progress.globalStep() + 1)
                    + " (epoch " + (progress.epoch() + 1) + "); the weights were not updated. Terms: " + terms);
        }

        Map<String, INDArray> grads = new LinkedHashMap<>();
        pass.gradients().forEach((name, g) -> {
            if (g != null && params.containsKey(name)) {
                grads.put(name, ElementwiseKernel.contiguous(g));
            }
        });
        double norm = GradientClipping.clip(grads.values(), recipe.clipMaxNorm());
        double factor = schedule.factor(progress.epoch());
        double headLr = recipe.learningRate() * factor;
        double encLr = recipe.learningRate() * recipe.encoderLrFactor() * factor;
        optimizer.setLearningRate(HEAD_GROUP, headLr);
        optimizer.setLearningRate(ENCODER_GROUP, encLr);
        optimizer.step(grads);
        if (ema != null) {
            ema.update();
        }
        t = lap(phases, "update", t);
        grads.clear();
        if (garbageCollection != GarbageCollection.OFF) {
            System.gc();                                 // the gradient pass's arrays
        }
        lap(phases, "gc", t);
        int epoch = progress.epoch();
        progress = progress.afterStep();
        double wdt = m.step().distillation() == null ? Double.NaN : m.step().distillation().weight();
        return new StepResult(epoch, progress.globalStep(), in.size(), total, terms, wdt, norm, headLr, encLr,
                System.nanoTime() - t0, phases);
    }

    private record Matched(Map<String, INDArray> placeholders, Map<String, INDArray> forward,
                           SimVGCriterion.Step step) {
    }

    /**
     * Forward pass without gradients, in the training phase or not, then the matching; the returned placeholders
     * (inputs and matching) feed the loss terms. The caller seeds the random generator where dropout is active.
     */
    private Matched forwardAndMatch(Batch in, boolean training, Map<String, Long> phases) {
        long t = System.nanoTime();
        Map<String, INDArray> ph = in.placeholders();
        if (sd.hasVariable(Layers.TRAINING_PHASE)) {
            ph.put(Layers.TRAINING_PHASE, Nd4j.scalar(training));
        }
        Map<String, INDArray> forward = sd.output(ph, forwardOutputs.toArray(new String[0]));
        ExecutionSessions.release(sd);                   // so that the collector can free the forward pass's arrays
        t = lap(phases, "forward", t);
        SimVGCriterion.Step matched = prepare(forward, in.targets());
        ph.putAll(matched.placeholders());
        lap(phases, "matching", t);
        return new Matched(ph, forward, matched);
    }

    /** For tests: the placeholders of the gradient pass that a step on {@code batch} with {@code seed} would run. */
    Map<String, INDArray> gradientPlaceholders(MultiDataSet batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return forwardAndMatch(batchOf(batch), true, new LinkedHashMap<>()).placeholders();
    }

    private Batch batchOf(MultiDataSet batch) {
        return Batch.of(batch, config, sd.getVariable(SimVGGraph.IMAGE).dataType());
    }

    /**
     * The loss terms on {@code batch} without training: inference phase (no dropout), no gradients, weights
     * untouched (a validation loss).
     */
    public Map<String, Double> evaluateLoss(MultiDataSet batch) {
        Map<String, INDArray> ph = forwardAndMatch(batchOf(batch), false, new LinkedHashMap<>()).placeholders();
        Map<String, INDArray> out = sd.output(ph, criterion.terms().keySet().toArray(new String[0]));
        ExecutionSessions.release(sd);
        Map<String, Double> terms = new LinkedHashMap<>();
        criterion.terms().keySet().forEach(n -> terms.put(n, out.get(n).getDouble(0)));
        return terms;
    }

    private SimVGCriterion.Step prepare(Map<String, INDArray> forward, float[][][] targets) {
        List<INDArray> decLogits = new ArrayList<>();
        List<INDArray> decBoxes = new ArrayList<>();
        for (int l = 0; l < config.decLayers(); l++) {
            decLogits.add(forward.get(SimVGGraph.decLogits(l)));
            decBoxes.add(forward.get(SimVGGraph.decBoxes(l)));
        }
        boolean distills = recipe.stage().distills();
        return criterion.prepare(decLogits, decBoxes, distills ? forward.get(SimVGGraph.TOK_LOGITS) : null,
                distills ? forward.get(SimVGGraph.TOK_BOXES) : null, targets);
    }

    /** Adds the time since {@code since} to phase {@code name}; returns now. */
    private static long lap(Map<String, Long> phases, String name, long since) {
        long now = System.nanoTime();
        phases.merge(name, now - since, Long::sum);
        return now;
    }

    /** The seed of step {@code step}'s random numbers (SplitMix64 of the run seed and the step). */
    public static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A batch's placeholders and per-image targets, checked against the model. */
    private record Batch(INDArray image, INDArray ids, INDArray mask, float[][][] targets) {

        static Batch of(MultiDataSet b, SimVGConfig c, DataType dataType) {
            if (b.numFeatureArrays() < 3 || b.numLabelsArrays() < 2) {
                throw new IllegalArgumentException("a SimVG batch has 3 feature arrays (img, token ids, text mask) and "
                        + "2 label arrays (boxes, box mask); got " + b.numFeatureArrays() + " and "
                        + b.numLabelsArrays());
            }
            INDArray img = b.getFeatures(0);
            INDArray ids = b.getFeatures(1);
            INDArray mask = b.getFeatures(2);
            long n = img.size(0);
            long[] expectImg = {n, c.inChans(), c.imgSize(), c.imgSize()};
            if (!Arrays.equals(img.shape(), expectImg)) {
                throw new IllegalArgumentException("batch images have shape " + Arrays.toString(img.shape())
                        + " but the model expects " + Arrays.toString(expectImg) + " (img_size " + c.imgSize() + ")");
            }
            long[] expectText = {n, c.maxToken()};
            if (!Arrays.equals(ids.shape(), expectText) || !Arrays.equals(mask.shape(), expectText)) {
                throw new IllegalArgumentException("batch token ids/text mask have shapes "
                        + Arrays.toString(ids.shape()) + "/" + Arrays.toString(mask.shape()) + " but the model expects "
                        + Arrays.toString(expectText) + " (max_token " + c.maxToken() + ")");
            }
            long maxId = ids.maxNumber().longValue();
            if (maxId >= c.vocabSize() || ids.minNumber().longValue() < 0) {
                throw new IllegalArgumentException("token id " + maxId + " is outside the model's vocabulary of "
                        + c.vocabSize() + " ids (tokenizer and model do not match)");
            }
            INDArray boxes = b.getLabels(0);
            INDArray boxMask = b.getLabels(1);
            if (boxes.rank() != 3 || boxes.size(0) != n || boxes.size(2) != 4 || boxMask.rank() != 2
                    || boxMask.size(0) != n || boxMask.size(1) != boxes.size(1)) {
                throw new IllegalArgumentException("labels must be boxes [B,G,4] and box mask [B,G] with B = " + n
                        + ", got " + Arrays.toString(boxes.shape()) + " and " + Arrays.toString(boxMask.shape()));
            }
            float[][][] targets = new float[(int) n][][];
            int g = (int) boxes.size(1);
            for (int i = 0; i < n; i++) {
                List<float[]> rows = new ArrayList<>();
                for (int k = 0; k < g; k++) {
                    if (boxMask.getDouble(i, k) > 0.5) {
                        rows.add(new float[] {boxes.getFloat(i, k, 0), boxes.getFloat(i, k, 1),
                            boxes.getFloat(i, k, 2), boxes.getFloat(i, k, 3)});
                    }
                }
                targets[i] = rows.toArray(new float[0][]);
            }
            return new Batch(img.castTo(dataType), ids.castTo(DataType.INT64), mask.castTo(dataType), targets);
        }

        int size() {
            return (int) image.size(0);
        }

        Map<String, INDArray> placeholders() {
            Map<String, INDArray> ph = new HashMap<>();
            ph.put(SimVGGraph.IMAGE, image);
            ph.put(SimVGGraph.TOKEN_IDS, ids);
            ph.put(SimVGGraph.PADDING_MASK, mask);
            return ph;
        }
    }
}
