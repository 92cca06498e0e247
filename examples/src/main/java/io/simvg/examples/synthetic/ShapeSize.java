package io.simvg.examples.synthetic;

/**
 * Two size classes with a clear gap between them (at 128 px: small 14–22 px, large 28–44 px for the larger box side),
 * so "small" and "large" are unambiguous; both scale with the image size. Words from the corpus list SIZES.
 */
public enum ShapeSize {
    SMALL("small", 14, 22),
    LARGE("large", 28, 44);

    /** The image size the pixel ranges are given for. */
    static final double REFERENCE_SIZE = 128;

    private final String word;
    private final double min;
    private final double max;

    ShapeSize(String word, double min, double max) {
        this.word = word;
        this.min = min;
        this.max = max;
    }

    public String word() {
        return word;
    }

    /** Smallest larger-side extent in pixels for an image of {@code imageSize} pixels. */
    public double minExtent(int imageSize) {
        return min * imageSize / REFERENCE_SIZE;
    }

    public double maxExtent(int imageSize) {
        return max * imageSize / REFERENCE_SIZE;
    }
}
