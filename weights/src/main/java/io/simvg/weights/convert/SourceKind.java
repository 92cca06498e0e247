package io.simvg.weights.convert;

/** What a weight file holds, which decides how its names map onto SimVG. */
public enum SourceKind {
    /** A whole SimVG model ({@code vis_enc.beit3.…}, {@code head.…}): every parameter is taken from the file. */
    SIMVG,
    /** A pretrained BEiT-3 backbone ({@code beit3.…}): converted into the encoder; the head keeps its initialisation. */
    BEIT3;

    /** Classifies by parameter names: any SimVG name ({@code vis_enc.} or {@code head.}, maybe wrapped) → SIMVG. */
    public static SourceKind ofNames(Iterable<String> names) {
        boolean beit3 = false;
        for (String raw : names) {
            String n = io.simvg.zoo.weights.StateDictLoader.withoutWrappers(raw);
            if (n.startsWith("vis_enc.") || n.startsWith("head.")) {
                return SIMVG;
            }
            beit3 |= n.startsWith("beit3.");
        }
        if (!beit3) {
            throw new IllegalArgumentException("neither SimVG (vis_enc.…, head.…) nor BEiT-3 (beit3.…) parameter names");
        }
        return BEIT3;
    }
}
