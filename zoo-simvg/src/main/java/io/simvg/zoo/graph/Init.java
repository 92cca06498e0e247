package io.simvg.zoo.graph;

/** Parameter initialisation schemes of the official modules (used when training from scratch or from BEiT-3). */
public enum Init {
    /** BEiT-3: weights ~ truncated N(0, 0.02), biases 0. */
    TRUNC_NORMAL,
    /** PyTorch's Linear/Conv default: weights and biases ~ U(±1/√fan_in). */
    TORCH_DEFAULT,
    /** DETR decoder ({@code DetrTransformer.init_weights}): Xavier-uniform weights, PyTorch-default biases. */
    XAVIER,
    /** {@code nn.MultiheadAttention} projections: Xavier-uniform weights, zero biases. */
    ATTENTION,
    /** {@code nn.Embedding}: N(0, 1). */
    NORMAL
}
