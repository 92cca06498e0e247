package io.simvg.examples.synthetic;

import java.util.List;

/**
 * An expression of one image with the shapes it refers to, as evaluated on the scene when it was generated.
 *
 * @param targets the referents in scene order: exactly one for REC, two or more for {@link ExpressionKind#MULTI},
 *                none for {@link ExpressionKind#NO_TARGET}
 */
public record GroundedExpression(String text, ExpressionKind kind, ReferringExpression query, List<PlacedShape> targets) {

    public GroundedExpression {
        targets = List.copyOf(targets);
    }

    static GroundedExpression of(ReferringExpression q, ExpressionKind kind, Scene scene) {
        return new GroundedExpression(q.text(), kind, q, q.referents(scene));
    }
}
