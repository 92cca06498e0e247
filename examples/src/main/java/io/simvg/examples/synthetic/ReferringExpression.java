package io.simvg.examples.synthetic;

import java.util.Comparator;
import java.util.List;

/**
 * A referring expression as a predicate over a {@link Scene}: its text and the shapes it refers to there. Generation
 * keeps an expression only after evaluating it ({@link #referents}, {@link #definite}) on the scene, and
 * {@link ExpressionParser} turns the text back into this form, so the written text can be checked independently.
 */
public sealed interface ReferringExpression {

    /** Lower-case text, words from the tokenizer corpus only. */
    String text();

    /** The shapes meant, in scene order; several for ties or plurals, none when nothing fits. */
    List<PlacedShape> referents(Scene scene);

    /** Whether the expression's presuppositions hold ("the blue square" as an anchor names one shape; "both" two). */
    default boolean definite(Scene scene) {
        return true;
    }

    /** "the [size] [colour] kind". */
    record Described(Descriptor what) implements ReferringExpression {
        @Override
        public String text() {
            return "the " + what.phrase(false);
        }

        @Override
        public List<PlacedShape> referents(Scene scene) {
            return what.matches(scene);
        }
    }

    /** "the red circle left of the blue square": the matches of {@code what} in the relation to the anchor. */
    record Related(Descriptor what, Relation relation, Descriptor anchor) implements ReferringExpression {
        @Override
        public String text() {
            return "the " + what.phrase(false) + " " + relation.phrase() + " the " + anchor.phrase(false);
        }

        @Override
        public List<PlacedShape> referents(Scene scene) {
            List<PlacedShape> anchors = anchor.matches(scene);
            return what.matches(scene).stream()
                    .filter(s -> anchors.stream().anyMatch(a -> a != s && relation.holds(s, a))).toList();
        }

        @Override
        public boolean definite(Scene scene) {
            return anchor.matches(scene).size() == 1;
        }
    }

    /**
     * "the leftmost circle" / "the circle on the left": the match furthest in the direction; matches within
     * {@link Scene#extremeMargin()} of it tie, so a close call refers to several shapes and is never used as REC.
     */
    record Extreme(Descriptor what, Direction direction, boolean asPlace) implements ReferringExpression {
        @Override
        public String text() {
            return asPlace ? "the " + what.phrase(false) + " " + direction.place()
                    : "the " + direction.superlative() + " " + what.phrase(false);
        }

        @Override
        public List<PlacedShape> referents(Scene scene) {
            List<PlacedShape> m = what.matches(scene);
            if (m.isEmpty()) {
                return m;
            }
            double best = m.stream().mapToDouble(direction::rank).min().orElseThrow();
            return m.stream().filter(s -> direction.rank(s) < best + scene.extremeMargin())
                    .sorted(Comparator.comparingInt(PlacedShape::index)).toList();
        }
    }

    /** "all green triangles", "the two red shapes": every match, and for a count word exactly that many. */
    record Quantified(Quantifier quantifier, Descriptor what) implements ReferringExpression {
        @Override
        public String text() {
            return quantifier.phrase() + " " + what.phrase(true);
        }

        @Override
        public List<PlacedShape> referents(Scene scene) {
            return what.matches(scene);
        }

        @Override
        public boolean definite(Scene scene) {
            return quantifier.count() == 0 || what.matches(scene).size() == quantifier.count();
        }
    }
}
