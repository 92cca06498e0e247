package io.simvg.zoo;

/**
 * How the text-guided query generation pools the projected text features into one vector.
 *
 * <p>The official code means a max over the valid (non-padding) tokens, but indexes with the bitwise NOT of an
 * int64 mask, which selects row {@code T-1} for every valid token and row {@code T-2} for every padding token.
 * Released checkpoints were trained with that behaviour, so it is the default.
 */
public enum TextPooling {
    /** Official behaviour: {@code max(t[T-2], t[T-1])} when the text has padding, else {@code t[T-1]}. */
    AS_IMPLEMENTED("official"),
    /** Intended behaviour: element-wise max over the non-padding tokens. */
    INTENDED("masked_max");

    private final String jsonName;

    TextPooling(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static TextPooling fromJson(String name) {
        for (TextPooling p : values()) {
            if (p.jsonName.equals(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown tqg_pool '" + name + "' (expected 'official' or 'masked_max')");
    }
}
