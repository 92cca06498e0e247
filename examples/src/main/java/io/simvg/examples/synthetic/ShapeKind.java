package io.simvg.examples.synthetic;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * The shapes a scene may hold, named with words of the project's tokenizer corpus
 * ({@code datavec-refcoco/scripts/tokenizer/make_corpus.py}, SHAPES). Every outline exactly fills its box, so the
 * annotated box is the tight geometric box of what is drawn.
 */
public enum ShapeKind {
    CIRCLE("circle", "circles", 1.0, 1.0),
    SQUARE("square", "squares", 1.0, 1.0),
    TRIANGLE("triangle", "triangles", 1.0, 0.9),
    STAR("star", "stars", 1.0, 0.95),
    DIAMOND("diamond", "diamonds", 0.75, 1.0),
    HEXAGON("hexagon", "hexagons", 1.0, 0.87);

    private final String word;
    private final String plural;
    private final double widthRatio;
    private final double heightRatio;

    ShapeKind(String word, String plural, double widthRatio, double heightRatio) {
        this.word = word;
        this.plural = plural;
        this.widthRatio = widthRatio;
        this.heightRatio = heightRatio;
    }

    public String word() {
        return word;
    }

    public String plural() {
        return plural;
    }

    /** Box width for a shape whose larger side is {@code extent}. */
    public double width(double extent) {
        return extent * widthRatio;
    }

    public double height(double extent) {
        return extent * heightRatio;
    }

    /** COCO category id of the gRefCOCO files (1-based, in declaration order). */
    public int categoryId() {
        return ordinal() + 1;
    }

    /** The outline filling the box {@code (x, y, w, h)}: its bounds are that box. */
    public Shape outline(double x, double y, double w, double h) {
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(x, y, w, h);
            case SQUARE -> polygon(x, y, w, h, new double[] {0, 1, 1, 0}, new double[] {0, 0, 1, 1});
            case TRIANGLE -> polygon(x, y, w, h, new double[] {0.5, 1, 0}, new double[] {0, 1, 1});
            case DIAMOND -> polygon(x, y, w, h, new double[] {0.5, 1, 0.5, 0}, new double[] {0, 0.5, 1, 0.5});
            case HEXAGON -> polygon(x, y, w, h, new double[] {0.25, 0.75, 1, 0.75, 0.25, 0},
                    new double[] {0, 0, 0.5, 1, 1, 0.5});
            case STAR -> star(x, y, w, h);
        };
    }

    /** A five-pointed star, its vertices stretched so their extremes touch the box edges. */
    private static Shape star(double x, double y, double w, double h) {
        double[] px = new double[10];
        double[] py = new double[10];
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? 1 : 0.4;
            double a = Math.toRadians(-90 + 36 * i);
            px[i] = r * Math.cos(a);
            py[i] = r * Math.sin(a);
        }
        return polygon(x, y, w, h, normalise(px), normalise(py));
    }

    private static double[] normalise(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - lo) / (hi - lo);
        }
        return out;
    }

    /** A polygon given in unit-box coordinates, mapped onto the box. */
    private static Shape polygon(double x, double y, double w, double h, double[] ux, double[] uy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x + ux[0] * w, y + uy[0] * h);
        for (int i = 1; i < ux.length; i++) {
            p.lineTo(x + ux[i] * w, y + uy[i] * h);
        }
        p.closePath();
        return p;
    }
}
