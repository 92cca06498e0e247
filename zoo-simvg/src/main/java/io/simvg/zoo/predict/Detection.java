package io.simvg.zoo.predict;

/**
 * One predicted box in pixels ({@code x1, y1, x2, y2}, origin top-left) with its object probability and the query
 * that produced it.
 */
public record Detection(double x1, double y1, double x2, double y2, double score, int query) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    /** The same box scaled per axis (e.g. from the S×S network frame back to the original image). */
    public Detection scaled(double sx, double sy) {
        return new Detection(x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, query);
    }
}
