package io.simvg.zoo;

/**
 * Published weights SimVG starts from. They are PyTorch checkpoints: download them yourself (no code here downloads
 * anything), then convert them with {@code simvg convert} into the {@code .npz} that
 * {@link SimVG#initPretrained(java.nio.file.Path)} reads.
 */
public enum PretrainedType {
    /** BEiT-3 base, patch 16, 224 (the ViT-B/32 encoder initialisation after 224/16 → 640/32 conversion). */
    BEIT3_BASE_PATCH16_224("https://github.com/addf400/files/releases/download/beit3/beit3_base_patch16_224.zip"),
    /** BEiT-3 large, patch 16, 224 (the ViT-L/32 encoder initialisation). */
    BEIT3_LARGE_PATCH16_224("https://github.com/addf400/files/releases/download/beit3/beit3_large_patch16_224.zip");

    private final String url;

    PretrainedType(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }
}
