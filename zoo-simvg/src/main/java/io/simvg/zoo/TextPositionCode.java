package io.simvg.zoo;

/**
 * The 1-D sine position code added to the text keys of the text-guided query generation.
 *
 * <p>The official {@code PositionEmbeddingSine1D} truncates its frequencies to integers, so only the first frequency
 * (1) survives: {@code pe[p,0]=sin(p)}, {@code pe[p,1]=cos(p)}, and the remaining channels are constant 0/1.
 */
public enum TextPositionCode {
    /** Official (degenerate) code, needed for checkpoint parity. */
    AS_IMPLEMENTED("official"),
    /** The sinusoidal code the module was meant to produce: frequencies {@code 10000^(-i/(C/2))}. */
    INTENDED("sine");

    private final String jsonName;

    TextPositionCode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static TextPositionCode fromJson(String name) {
        for (TextPositionCode p : values()) {
            if (p.jsonName.equals(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown text_pos_code '" + name + "' (expected 'official' or 'sine')");
    }
}
