package io.simvg.examples.synthetic;

import java.util.Locale;

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

    /** The words a report prints for this kind ("colour+shape"). */
    public String label() {
        return this == COLOUR_SHAPE ? "colour+shape" : name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The REC kind of a single-referent expression as the generator words it: a size word makes
     * "the small red circle" a {@link #SIZE} expression, as the planner counts it.
     *
     * @throws IllegalArgumentException for a quantified (GREC) expression, whose kind depends on the scene
     */
    public static ExpressionKind ofRec(ReferringExpression q) {
        if (q instanceof ReferringExpression.Described d) {
            return d.what().size() != null ? SIZE : COLOUR_SHAPE;
        }
        if (q instanceof ReferringExpression.Related) {
            return RELATION;
        }
        if (q instanceof ReferringExpression.Extreme) {
            return POSITION;
        }
        throw new IllegalArgumentException("not a single-referent expression: \"" + q.text() + "\"");
    }
}
