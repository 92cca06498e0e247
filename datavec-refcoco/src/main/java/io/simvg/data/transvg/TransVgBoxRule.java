package io.simvg.data.transvg;

/** How a stored TransVG box becomes an xyxy box. */
public enum TransVgBoxRule {

    /** The stored values as they are, converted to xyxy where stored as xywh (the default; no precision lost). */
    EXACT,

    /**
     * What TransVG's {@code pull_item} feeds the model: the stored values cast to int first (numpy
     * {@code dtype=int}, truncation toward zero), then, for xywh sets, {@code x2 = x1 + w, y2 = y1 + h}.
     */
    TRUNCATE
}
