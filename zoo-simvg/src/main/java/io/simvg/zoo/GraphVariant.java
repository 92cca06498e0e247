package io.simvg.zoo;

/** Which prediction branches a SimVG graph contains. */
public enum GraphVariant {
    /** Both branches plus every intermediate output: what training uses. */
    FULL,
    /**
     * The fast path for inference: encoder, text-guided query generation, object-token projection and token heads
     * only. Not trainable (its text lookup uses {@code gather}, whose M2.1 gradient is broken).
     */
    TOKEN_BRANCH,
    /** Encoder, text-guided query generation and the DETR decoder branch only (two-stage training, step 1). */
    DECODER_BRANCH;

    /** Whether the graph may be trained (every op has a working gradient). */
    public boolean isTrainable() {
        return this != TOKEN_BRANCH;
    }

    public boolean hasTokenBranch() {
        return this != DECODER_BRANCH;
    }

    public boolean hasDecoderBranch() {
        return this != TOKEN_BRANCH;
    }

    private static final String[] TOKEN_ONLY = {"head.input_cls_proj.", "head.mlp.", "head.class_embed_token.",
        "head.bbox_embed_token."};
    private static final String[] DECODER_ONLY = {"head.input_proj.", "head.transformer.",
        "head.class_embed_decoder.", "head.bbox_embed_decoder."};

    /** True when the official parameter {@code name} belongs to a branch this variant leaves out. */
    public boolean excludes(String name) {
        String[] absent = this == TOKEN_BRANCH ? DECODER_ONLY : this == DECODER_BRANCH ? TOKEN_ONLY : new String[0];
        for (String prefix : absent) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
