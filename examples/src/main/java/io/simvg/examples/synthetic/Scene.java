package io.simvg.examples.synthetic;

import java.util.List;

/** What one image shows: its size, its background and its shapes (the ground truth every expression is checked on). */
public record Scene(int width, int height, Backdrop backdrop, List<PlacedShape> shapes) {

    public Scene {
        shapes = List.copyOf(shapes);
    }

    /**
     * How much farther one shape must be than the next for "leftmost", "on the right" etc. to pick it: 8% of the
     * image, about the gap a person needs to see which one is meant.
     */
    public double extremeMargin() {
        return 0.08 * Math.min(width, height);
    }
}
