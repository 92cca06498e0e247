package io.simvg.zoo.train;

import io.simvg.losses.SetCriterion;
import io.simvg.losses.TrainingStage;
import io.simvg.zoo.Task;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The hyper-parameters of a SimVG training run (SIMVG.md §3.1/§3.2), kept apart from the architecture
 * ({@code SimVGConfig}) so that a checkpoint can record and restore exactly what it was trained with.
 *
 * <p>The defaults are the official ViT-B/32 REC one-stage recipe ({@code refcoco_onestage}): Adam with AMSGrad,
 * β = (0.9, 0.98), ε = 1e-9, no weight decay, head lr 5e-4 and BEiT-3 ({@code vis_enc.*}) lr ×0.1, 3 warm-up epochs,
 * ×0.1 from epoch 25 of 30, global gradient-norm clip 0.15, no EMA, γ_token 2 / γ_distill 1, seed 6666, batch 32,
 * large-scale jitter. {@link #official(Task, TrainingStage)} gives the other rows of the table.
 *
 * @param learningRate        head learning rate (the {@code lr} of the configs)
 * @param encoderLrFactor     factor of the {@code vis_enc.*} group's learning rate (0.1 → BEiT lr = lr/10)
 * @param beta1               Adam β1
 * @param beta2               Adam β2
 * @param epsilon             Adam ε
 * @param amsgrad             keep the running maximum of the second moment (PyTorch {@code amsgrad=True})
 * @param weightDecay         L2 added to the gradient as PyTorch Adam's {@code weight_decay} (0 in SimVG)
 * @param epochs              epochs of the run ({@code max_epoch})
 * @param warmupEpochs        warm-up epochs of {@code MultiStepLRWarmUp}
 * @param decaySteps          1-based epochs from which the decay factor applies (each one multiplies once)
 * @param decayRatio          factor per decay step
 * @param clipMaxNorm         global L2 gradient-norm limit; 0 or less switches clipping off
 * @param ema                 keep an exponential moving average of the weights (for evaluation)
 * @param emaDecay            upper bound of the EMA decay (0.999)
 * @param gammaToken          γ1 of the token branch's ground-truth loss
 * @param gammaDistill        γ2 of the token branch's distillation loss
 * @param seed                seed of the weight initialisation and of the per-step random numbers (dropout)
 * @param batchSize           images per step
 * @param largeScaleJitter    LSJ augmentation of the training images (REC recipes; off for GREC)
 * @param stage               what the run optimises (decoder only, one-stage, or stage-2 distillation)
 * @param eosCoef             class weight of the "no-object" targets of unmatched queries (SimVG/DETR: 0.1)
 */
public record TrainingRecipe(double learningRate, double encoderLrFactor, double beta1, double beta2, double epsilon,
                             boolean amsgrad, double weightDecay, int epochs, int warmupEpochs, List<Integer> decaySteps,
                             double decayRatio, double clipMaxNorm, boolean ema, double emaDecay, double gammaToken,
                             double gammaDistill, long seed, int batchSize, boolean largeScaleJitter,
                             TrainingStage stage, double eosCoef) {

    /** The prefix of the parameters in the encoder group (SIMVG.md §3.1: the whole BEiT-3 incl. object token). */
    public static final String ENCODER_PREFIX = "vis_enc.";

    public TrainingRecipe {
        requirePositive(learningRate, "learning rate");
        if (!(encoderLrFactor >= 0)) {
            throw new IllegalArgumentException("encoder learning-rate factor must be >= 0, got " + encoderLrFactor);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        requirePositive(epsilon, "Adam epsilon");
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
        decaySteps = List.copyOf(decaySteps == null ? List.of() : decaySteps);
        for (int s : decaySteps) {
            if (s < 1) {
                throw new IllegalArgumentException("decay steps are 1-based epochs, got " + s);
            }
        }
        requirePositive(decayRatio, "decay ratio");
        if (Double.isNaN(clipMaxNorm)) {
            throw new IllegalArgumentException("clip norm is NaN");
        }
        if (!(emaDecay > 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must lie in (0, 1), got " + emaDecay);
        }
        if (!(gammaToken >= 0) || !(gammaDistill >= 0)) {
            throw new IllegalArgumentException("loss weights must be >= 0, got " + gammaToken + ", " + gammaDistill);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (stage == null) {
            throw new IllegalArgumentException("a training stage is required");
        }
        requirePositive(eosCoef, "no-object class weight");
    }

    private static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }

    /** The official ViT-B/32 REC one-stage recipe (see the class comment). */
    public static TrainingRecipe defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The ViT-B/32 single-dataset rows of SIMVG.md §3.2: REC {@code *_onestage}, {@code *_twostage_1} (stage
     * DECODER: batch 16, EMA on) and {@code *_twostage_2} (stage DISTILL: lr 3e-4, 20 epochs, decay at 15); GREC
     * {@code grefcoco_onestage}/{@code _twostage_1} (200 epochs, decay at 180, no LSJ) and {@code _twostage_2}
     * (100 epochs, decay at 90).
     */
    public static TrainingRecipe official(Task task, TrainingStage stage) {
        Builder b = builder().stage(stage);
        if (task == Task.GREC) {
            b.largeScaleJitter(false);
            if (stage == TrainingStage.DISTILL) {
                b.epochs(100).decaySteps(90);
            } else {
                b.epochs(200).decaySteps(180);
            }
        } else if (stage == TrainingStage.DECODER) {
            b.batchSize(16).ema(true);
        } else if (stage == TrainingStage.DISTILL) {
            b.learningRate(3e-4).epochs(20).decaySteps(15);
        }
        return b.build();
    }

    /** Whether parameter {@code name} belongs to the encoder group (lr × {@link #encoderLrFactor()}). */
    public static boolean isEncoderParameter(String name) {
        return name.startsWith(ENCODER_PREFIX);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(warmupEpochs, decaySteps, decayRatio);
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /** The recipe as a JSON-ready map (snake_case names, as the checkpoint's trainer state stores it). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", learningRate);
        m.put("encoder_lr_factor", encoderLrFactor);
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", epsilon);
        m.put("amsgrad", amsgrad);
        m.put("weight_decay", weightDecay);
        m.put("epochs", epochs);
        m.put("warmup_epochs", warmupEpochs);
        m.put("decay_steps", decaySteps);
        m.put("decay_ratio", decayRatio);
        m.put("grad_norm_clip", clipMaxNorm);
        m.put("ema", ema);
        m.put("ema_decay", emaDecay);
        m.put("gamma_token", gammaToken);
        m.put("gamma_distill", gammaDistill);
        m.put("seed", seed);
        m.put("batch_size", batchSize);
        m.put("large_scale_jitter", largeScaleJitter);
        m.put("stage", stage.name());
        m.put("eos_coef", eosCoef);
        return m;
    }

    /**
     * Reads {@link #toJsonMap()}'s form; every field is required but {@code eos_coef}, which checkpoints written before
     * it was recorded lack: they were trained with SimVG's 0.1.
     */
    public static TrainingRecipe fromJson(JsonNode n) {
        JsonNode betas = field(n, "betas");
        if (!betas.isArray() || betas.size() != 2) {
            throw new IllegalArgumentException("recipe field 'betas' must be a pair, got " + betas);
        }
        Integer[] steps = new Integer[field(n, "decay_steps").size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = n.get("decay_steps").get(i).asInt();
        }
        String stage = field(n, "stage").asText();
        TrainingStage parsed;
        try {
            parsed = TrainingStage.valueOf(stage);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recipe field 'stage' is '" + stage + "', expected one of "
                    + Arrays.toString(TrainingStage.values()), e);
        }
        return new TrainingRecipe(field(n, "lr").asDouble(), field(n, "encoder_lr_factor").asDouble(),
                betas.get(0).asDouble(), betas.get(1).asDouble(), field(n, "eps").asDouble(),
                field(n, "amsgrad").asBoolean(), field(n, "weight_decay").asDouble(), field(n, "epochs").asInt(),
                field(n, "warmup_epochs").asInt(), List.of(steps), field(n, "decay_ratio").asDouble(),
                field(n, "grad_norm_clip").asDouble(), field(n, "ema").asBoolean(), field(n, "ema_decay").asDouble(),
                field(n, "gamma_token").asDouble(), field(n, "gamma_distill").asDouble(), field(n, "seed").asLong(),
                field(n, "batch_size").asInt(), field(n, "large_scale_jitter").asBoolean(), parsed,
                n.hasNonNull("eos_coef") ? n.get("eos_coef").asDouble() : SetCriterion.EOS_COEF);
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("recipe has no field '" + name + "'");
        }
        return v;
    }

    /** Mutable copy-builder with the defaults of {@link #defaults()}. */
    public static final class Builder {
        private double learningRate = 5e-4;
        private double encoderLrFactor = 0.1;
        private double beta1 = 0.9;
        private double beta2 = 0.98;
        private double epsilon = 1e-9;
        private boolean amsgrad = true;
        private double weightDecay = 0.0;
        private int epochs = 30;
        private int warmupEpochs = 3;
        private List<Integer> decaySteps = List.of(25);
        private double decayRatio = 0.1;
        private double clipMaxNorm = 0.15;
        private boolean ema = false;
        private double emaDecay = 0.999;
        private double gammaToken = 2.0;
        private double gammaDistill = 1.0;
        private long seed = 6666;
        private int batchSize = 32;
        private boolean largeScaleJitter = true;
        private TrainingStage stage = TrainingStage.ONE_STAGE;
        private double eosCoef = SetCriterion.EOS_COEF;

        private Builder() {
        }

        private Builder(TrainingRecipe r) {
            learningRate = r.learningRate;
            encoderLrFactor = r.encoderLrFactor;
            beta1 = r.beta1;
            beta2 = r.beta2;
            epsilon = r.epsilon;
            amsgrad = r.amsgrad;
            weightDecay = r.weightDecay;
            epochs = r.epochs;
            warmupEpochs = r.warmupEpochs;
            decaySteps = r.decaySteps;
            decayRatio = r.decayRatio;
            clipMaxNorm = r.clipMaxNorm;
            ema = r.ema;
            emaDecay = r.emaDecay;
            gammaToken = r.gammaToken;
            gammaDistill = r.gammaDistill;
            seed = r.seed;
            batchSize = r.batchSize;
            largeScaleJitter = r.largeScaleJitter;
            stage = r.stage;
            eosCoef = r.eosCoef;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder encoderLrFactor(double v) {
            encoderLrFactor = v;
            return this;
        }

        public Builder betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder amsgrad(boolean v) {
            amsgrad = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder warmupEpochs(int v) {
            warmupEpochs = v;
            return this;
        }

        public Builder decaySteps(Integer... v) {
            decaySteps = List.of(v);
            return this;
        }

        public Builder decaySteps(List<Integer> v) {
            decaySteps = v;
            return this;
        }

        public Builder decayRatio(double v) {
            decayRatio = v;
            return this;
        }

        /** Global gradient-norm limit; 0 switches clipping off. */
        public Builder clipMaxNorm(double v) {
            clipMaxNorm = v;
            return this;
        }

        public Builder ema(boolean v) {
            ema = v;
            return this;
        }

        public Builder emaDecay(double v) {
            emaDecay = v;
            return this;
        }

        public Builder gammaToken(double v) {
            gammaToken = v;
            return this;
        }

        public Builder gammaDistill(double v) {
            gammaDistill = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder largeScaleJitter(boolean v) {
            largeScaleJitter = v;
            return this;
        }

        public Builder stage(TrainingStage v) {
            stage = v;
            return this;
        }

        /** Class weight of the "no-object" targets (SimVG: 0.1). */
        public Builder eosCoef(double v) {
            eosCoef = v;
            return this;
        }

        public TrainingRecipe build() {
            return new TrainingRecipe(learningRate, encoderLrFactor, beta1, beta2, epsilon, amsgrad, weightDecay,
                    epochs, warmupEpochs, decaySteps, decayRatio, clipMaxNorm, ema, emaDecay, gammaToken,
                    gammaDistill, seed, batchSize, largeScaleJitter, stage, eosCoef);
        }
    }
}
