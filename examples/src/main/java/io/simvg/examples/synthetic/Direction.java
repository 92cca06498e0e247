package io.simvg.examples.synthetic;

/**
 * The extreme a position expression picks among the matching shapes, by box centre, with its two wordings: a
 * superlative ("the leftmost circle", corpus list SUPERLATIVES) and a place ("the circle on the left", PLACES).
 */
public enum Direction {
    LEFT("leftmost", "on the left"),
    RIGHT("rightmost", "on the right"),
    TOP("topmost", "at the top"),
    BOTTOM("bottommost", "at the bottom");

    private final String superlative;
    private final String place;

    Direction(String superlative, String place) {
        this.superlative = superlative;
        this.place = place;
    }

    public String superlative() {
        return superlative;
    }

    public String place() {
        return place;
    }

    /** Smaller is further in this direction. */
    double rank(PlacedShape s) {
        return switch (this) {
            case LEFT -> s.centerX();
            case RIGHT -> -s.centerX();
            case TOP -> s.centerY();
            case BOTTOM -> -s.centerY();
        };
    }
}
