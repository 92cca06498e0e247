package io.simvg.examples.synthetic;

/**
 * Spatial relations between two shapes, decided on their boxes: "left of" means entirely to the left (the target's
 * right edge at or before the anchor's left edge). Scene boxes never overlap, so every pair has at least one relation.
 * Phrases from the corpus list RELATIONS.
 */
public enum Relation {
    LEFT_OF("left of"),
    RIGHT_OF("right of"),
    ABOVE("above"),
    BELOW("below");

    private final String phrase;

    Relation(String phrase) {
        this.phrase = phrase;
    }

    public String phrase() {
        return phrase;
    }

    /** Whether {@code target} stands in this relation to {@code anchor}. */
    public boolean holds(PlacedShape target, PlacedShape anchor) {
        return switch (this) {
            case LEFT_OF -> target.x2() <= anchor.x();
            case RIGHT_OF -> target.x() >= anchor.x2();
            case ABOVE -> target.y2() <= anchor.y();
            case BELOW -> target.y() >= anchor.y2();
        };
    }
}
