package io.simvg.data;

import java.util.List;

/** An axis-aligned box in absolute pixels, corners {@code (x1, y1)}–{@code (x2, y2)}, as the toolkits define it: x2 = x + w, no ±1. */
public record BoxXyxy(double x1, double y1, double x2, double y2) {

    /** From a COCO {@code [x, y, w, h]} box. */
    public static BoxXyxy fromXywh(double x, double y, double w, double h) {
        return new BoxXyxy(x, y, x + w, y + h);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** The smallest box enclosing all of {@code boxes} (Flickr30K "MERGED-BOX"). */
    public static BoxXyxy enclosing(List<BoxXyxy> boxes) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("no boxes to enclose");
        }
        double x1 = Double.POSITIVE_INFINITY, y1 = Double.POSITIVE_INFINITY;
        double x2 = Double.NEGATIVE_INFINITY, y2 = Double.NEGATIVE_INFINITY;
        for (BoxXyxy b : boxes) {
            x1 = Math.min(x1, b.x1);
            y1 = Math.min(y1, b.y1);
            x2 = Math.max(x2, b.x2);
            y2 = Math.max(y2, b.y2);
        }
        return new BoxXyxy(x1, y1, x2, y2);
    }

    /** Clipped to {@code [0, maxX] × [0, maxY]}. */
    public BoxXyxy clip(double maxX, double maxY) {
        return new BoxXyxy(clamp(x1, maxX), clamp(y1, maxY), clamp(x2, maxX), clamp(y2, maxY));
    }

    private static double clamp(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }

    public double[] toArray() {
        return new double[] {x1, y1, x2, y2};
    }

    @Override
    public String toString() {
        return "[" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]";
    }
}
