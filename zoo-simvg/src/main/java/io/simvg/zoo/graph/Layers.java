package io.simvg.zoo.graph;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff primitives with PyTorch semantics and PyTorch parameter layouts, so that state-dict tensors load without
 * transposition.
 *
 * <p>Only ops whose M2.1 gradients are verified are used: rank-2 {@code mmul}, batched rank-4 {@code mmul},
 * reshape/permute, strided slices, reductions and element-wise math. In particular: no {@code gather} (except
 * in the inference-only graph, see {@link Beit3Encoder}), no {@code where}, no {@code layer_norm} op (LayerNorm is
 * spelled out so that its epsilon sits inside the square root as in PyTorch), and GELU is the exact erf form.
 *
 * <p>Dropout is switched at run time by the BOOL scalar placeholder {@value #TRAINING_PHASE}: SameDiff fills a
 * placeholder with this name with {@code true} inside {@code fit()} and {@code false} inside {@code output()}, so the
 * same graph trains with dropout and predicts without it.
 */
public final class Layers {

    /** SameDiff sets a placeholder ending in this name to the training phase when it is not fed explicitly. */
    public static final String TRAINING_PHASE = "keras_learning_phase";

    private final SameDiff sd;
    private final DataType dataType;
    private final ParameterFactory params;
    private final SDVariable batchShape;
    private final boolean trainable;
    private SDVariable trainingFlag;

    /**
     * @param batchSource a placeholder whose first dimension is the batch size (dropout masks take their shape
     *                    from it, so that no mask depends on a trainable variable)
     * @param trainable   false for inference-only graphs: ops are then chosen for the forward pass alone
     */
    public Layers(SameDiff sd, DataType dataType, ParameterFactory params, SDVariable batchSource, boolean trainable) {
        this.sd = sd;
        this.dataType = dataType;
        this.params = params;
        this.trainable = trainable;
        this.batchShape = sd.shape(batchSource).get(SDIndex.interval(0, 1)).castTo(DataType.LONG);
    }

    /** Trainable layers (with dropout and gradient-friendly ops). */
    public Layers(SameDiff sd, DataType dataType, ParameterFactory params, SDVariable batchSource) {
        this(sd, dataType, params, batchSource, true);
    }

    public SameDiff sd() {
        return sd;
    }

    public DataType dataType() {
        return dataType;
    }

    public ParameterFactory params() {
        return params;
    }

    // ------------------------------------------------------------------------------------------ linear maps

    /** {@code x·Wᵀ + b} for x of shape {@code [N, in]}, W {@code [out, in]} (PyTorch layout). */
    public SDVariable linear2d(SDVariable x, SDVariable weight, SDVariable bias) {
        SDVariable y = sd.mmul(x, weight, false, true, false);
        return bias == null ? y : y.add(bias);
    }

    /** A Linear over the last axis of {@code x [B, L, in]} with static length L; weight {@code [out, in]}. */
    public SDVariable linear(SDVariable x, long length, SDVariable weight, SDVariable bias, long in, long out) {
        return linear2d(x.reshape(-1, in), weight, bias).reshape(-1, length, out);
    }

    /** Creates {@code prefix.weight [out,in]} / {@code prefix.bias [out]} and applies them to {@code x [B,L,in]}. */
    public SDVariable linear(SDVariable x, long length, String prefix, int in, int out, Init init) {
        SDVariable w = params.weight(prefix + ".weight", init, out, in);
        return linear(x, length, w, params.bias(prefix + ".bias", init, out, in), in, out);
    }

    // ------------------------------------------------------------------------------------------ normalisation

    /**
     * PyTorch LayerNorm over the last axis of {@code x [B, L, D]}: {@code (x-mean)/sqrt(var+eps)·w + b} with the
     * biased variance.
     */
    public SDVariable layerNorm(SDVariable x, SDVariable weight, SDVariable bias, double eps) {
        SDVariable centred = x.sub(sd.mean(x, true, 2));
        // centred·centred, not square(): square's gradient runs as a generic pow derivative, ~5 % of a DEMO step
        SDVariable variance = sd.mean(centred.mul(centred), true, 2);
        SDVariable normed = centred.mul(spread(sd.math.rsqrt(variance.add(eps)), centred));
        return normed.mul(spread(weight, normed)).add(bias);
    }

    /**
     * {@code small} broadcast to the shape of {@code like}, in trainable graphs only, by adding zeros (exact). M2.1's
     * {@code multiply_bp} is slow when an operand is broadcast; an element-wise product whose broadcast happens in an
     * {@code add} (its gradient is a plain sum) halves the gradient pass of a LayerNorm: 8 LayerNorms on
     * {@code [32, 81, 128]}, forward + gradients, 195–218 ms → 101–128 ms, one thread.
     */
    private SDVariable spread(SDVariable small, SDVariable like) {
        return trainable ? small.add(sd.zerosLike(like)) : small;
    }

    /** Creates {@code prefix.weight}/{@code prefix.bias} (ones/zeros) and normalises {@code x}. */
    public SDVariable layerNorm(SDVariable x, String prefix, int dim, double eps) {
        return layerNorm(x, params.ones(prefix + ".weight", dim), params.zeros(prefix + ".bias", dim), eps);
    }

    // ------------------------------------------------------------------------------------------ activations

    /** Exact GELU, {@code x·Φ(x)} with the error function (M2.1's {@code gelu} op is the tanh approximation). */
    public SDVariable gelu(SDVariable x) {
        return x.mul(0.5).mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    }

    public SDVariable relu(SDVariable x) {
        return sd.nn.relu(x, 0.0);
    }

    // ------------------------------------------------------------------------------------------ attention

    /** {@code [B, L, H·dh] → [B, H, L, dh]}. */
    public SDVariable splitHeads(SDVariable x, long length, int heads, int headDim) {
        return x.reshape(-1, length, heads, headDim).permute(0, 2, 1, 3);
    }

    /** {@code [B, H, L, dh] → [B, L, H·dh]}. */
    public SDVariable mergeHeads(SDVariable x, long length, int heads, int headDim) {
        return x.permute(0, 2, 1, 3).reshape(-1, length, (long) heads * headDim);
    }

    /**
     * Scaled dot-product attention on split heads: {@code softmax(q·kᵀ + keyBias)·v}. The caller has already
     * scaled {@code q}.
     *
     * @param keyBias {@code [B,1,1,Lk]} additive bias (large negative on padded keys) or null
     * @param dropout dropout rate on the attention weights (training only)
     */
    public SDVariable attention(SDVariable q, SDVariable k, SDVariable v, SDVariable keyBias, double dropout,
                                int heads, long queryLength, long keyLength) {
        SDVariable scores = sd.mmul(q, k, false, true, false);
        if (keyBias != null) {
            scores = scores.add(keyBias);
        }
        SDVariable weights = sd.nn.softmax(scores, 3);
        weights = dropout(weights, dropout, heads, queryLength, keyLength);
        return sd.mmul(weights, v);
    }

    /**
     * Additive key-padding bias {@code [B,1,1,L]} from a float mask {@code [B,L]} with 1 = padding. PyTorch fills
     * padded keys with −inf; −1e9 gives the same softmax (exp underflows to exactly 0) and keeps gradients finite.
     */
    public SDVariable keyPaddingBias(SDVariable paddingMask, long length) {
        return paddingMask.mul(-1e9).reshape(-1, 1, 1, length);
    }

    // ------------------------------------------------------------------------------------------ regularisation

    /**
     * Inverted dropout on {@code x} whose shape is {@code [B, dims...]}; identity outside training. The mask is drawn
     * for every element.
     */
    public SDVariable dropout(SDVariable x, double rate, long... nonBatchDims) {
        if (rate <= 0) {
            return x;
        }
        return applyMask(x, rate, nonBatchDims);
    }

    /**
     * Stochastic depth (timm {@code drop_path}): one Bernoulli draw per sample, shared by all tokens. Returns the
     * per-sample multiplier {@code [B,1,1]} so that the vision and the text part of a multiway residual branch use
     * the same draw, as they do in PyTorch where both live in one tensor.
     */
    public SDVariable dropPathMask(double rate) {
        if (rate <= 0) {
            return null;
        }
        return applyMask(null, rate, 1, 1);
    }

    /**
     * Multiplies by a fresh Bernoulli mask in training. The mask comes from M2.1's legacy {@code dropout} op applied
     * to ones of the run-time shape: unlike the custom random ops ({@code RandomBernoulli}, which return the same
     * numbers on every call inside a graph), it draws from ND4J's global generator on each execution, so
     * {@code Nd4j.getRandom().setSeed(..)} makes a training step reproducible.
     */
    private SDVariable applyMask(SDVariable x, double rate, long... nonBatchDims) {
        SDVariable shape = shapeWithBatch(nonBatchDims);
        // 1 with probability 1-rate; drawn in float32 (the legacy op declares the default float type) and cast.
        SDVariable kept = sd.nn.dropout(sd.fill(shape, DataType.FLOAT, 1.0), 1.0 - rate).castTo(dataType);
        SDVariable dropped = kept.rsub(1.0);
        SDVariable training = training();
        SDVariable keep = dropped.mul(training).rsub(1.0);
        SDVariable scale = training.mul(rate).rsub(1.0);
        SDVariable multiplier = keep.div(scale);
        return x == null ? multiplier : x.mul(multiplier);
    }

    /** 1.0 inside {@code fit()}, 0.0 otherwise (see {@link #TRAINING_PHASE}). */
    public SDVariable training() {
        if (trainingFlag == null) {
            trainingFlag = sd.placeHolder(TRAINING_PHASE, DataType.BOOL).castTo(dataType);
        }
        return trainingFlag;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Zeros of shape {@code [B, dims...]} with the run-time batch size B. */
    public SDVariable zeros(long... nonBatchDims) {
        return sd.fill(shapeWithBatch(nonBatchDims), dataType, 0.0);
    }

    /** The shape {@code [B, dims...]} as a LONG vector, B taken at run time. */
    private SDVariable shapeWithBatch(long... nonBatchDims) {
        return sd.concat(0, batchShape, sd.constant(Nd4j.createFromArray(nonBatchDims)));
    }

    public SDVariable constant(String name, org.nd4j.linalg.api.ndarray.INDArray value) {
        return sd.constant(name, value.castTo(dataType));
    }

    /** {@code x[:, from:to, :]} of a rank-3 tensor. */
    public static SDVariable tokens(SDVariable x, long from, long to) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all());
    }
}
