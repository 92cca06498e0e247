package io.simvg.examples.synthetic;

import java.util.Locale;

/**
 * One shape of a scene and its tight box {@code (x, y, w, h)} in pixels (top-left origin, rounded to 0.01 px before
 * drawing, so the stored box and the drawn outline agree exactly).
 *
 * @param index position in the scene's shape list (also its annotation number within the image)
 */
public record PlacedShape(int index, ShapeKind kind, ShapeColour colour, ShapeSize size, double x, double y, double w,
                          double h) {

    public double x2() {
        return x + w;
    }

    public double y2() {
        return y + h;
    }

    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }

    public double[] xywh() {
        return new double[] {x, y, w, h};
    }

    /** Whether the two boxes overlap or come closer than {@code gap} pixels. */
    public boolean crowds(PlacedShape o, double gap) {
        return x < o.x2() + gap && o.x < x2() + gap && y < o.y2() + gap && o.y < y2() + gap;
    }

    @Override
    public String toString() {
        return size.word() + " " + colour.word() + " " + kind.word() + " #" + index
                + String.format(Locale.ROOT, " [%.2f, %.2f, %.2f, %.2f]", x, y, w, h);
    }
}
