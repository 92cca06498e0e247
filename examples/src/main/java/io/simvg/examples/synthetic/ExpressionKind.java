package io.simvg.examples.synthetic;

/**
 * What an expression needs to be understood. REC expressions use the first four (default target shares
 * 50/20/15/15 %, see {@link ExpressionPlanner}); GREC expressions are {@link #MULTI}, {@link #NO_TARGET} or
 * {@link #SINGLE}.
 */
public enum ExpressionKind {
    /** "the red circle". */
    COLOUR_SHAPE,
    /** "the small blue square", "the large star". */
    SIZE,
    /** "the red circle left of the blue square". */
    RELATION,
    /** "the leftmost circle", "the blue square on the right". */
    POSITION,
    /** GREC, two or more targets: "all green triangles". */
    MULTI,
    /** GREC, nothing in the image fits: "the purple star". */
    NO_TARGET,
    /** GREC, one target, in one of the REC forms. */
    SINGLE;

    public boolean rec() {
        return ordinal() <= POSITION.ordinal();
    }
}
