package io.simvg.zoo.eval;

import java.util.Arrays;

/**
 * The two overlap measures the official grounding evaluators use, in float64 on absolute xyxy boxes
 * ({@code x2 = x + w}, no "+1 pixel"): IoU as mmdet's {@code bbox_overlaps(is_aligned=True)} (REC Prec@0.5; union floored at 1e-6) and
 * generalised IoU as MDETR's {@code box_ops.generalized_box_iou} (GREC matching; no epsilon, so a GIoU of exactly 0.5
 * stays 0.5 and counts as a match). The training losses' float32 versions with epsilons ({@code BoxOps}) would move
 * such boundary cases, hence this separate class.
 */
public final class BoxOverlap {

    /** mmdet's floor for the union in {@code bbox_overlaps}. */
    public static final double UNION_FLOOR = 1e-6;

    private BoxOverlap() {
    }

    /** Intersection over union; 0 for boxes that do not overlap (or touch only at an edge). */
    public static double iou(double[] a, double[] b) {
        double inter = intersection(a, b);
        double union = area(a) + area(b) - inter;
        return inter / Math.max(union, UNION_FLOOR);
    }

    /**
     * {@code IoU − (C − union) / C} with C the area of the smallest enclosing box. Both boxes must be well formed
     * (the official code asserts it). Where the official division would be 0/0 (two zero-area boxes at one point) the
     * result is 0, not NaN.
     */
    public static double giou(double[] a, double[] b) {
        check(a, "first box");
        check(b, "second box");
        double inter = intersection(a, b);
        double union = area(a) + area(b) - inter;
        double iou = union > 0 ? inter / union : 0;
        double c = (Math.max(a[2], b[2]) - Math.min(a[0], b[0])) * (Math.max(a[3], b[3]) - Math.min(a[1], b[1]));
        return c > 0 ? iou - (c - union) / c : iou;
    }

    /** {@code giou(preds[i], gts[j])} for every pair, {@code [preds.length][gts.length]}. */
    public static double[][] giouMatrix(double[][] preds, double[][] gts) {
        double[][] m = new double[preds.length][gts.length];
        for (int i = 0; i < preds.length; i++) {
            for (int j = 0; j < gts.length; j++) {
                m[i][j] = giou(preds[i], gts[j]);
            }
        }
        return m;
    }

    public static double area(double[] b) {
        return (b[2] - b[0]) * (b[3] - b[1]);
    }

    private static double intersection(double[] a, double[] b) {
        double w = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), 0);
        double h = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), 0);
        return w * h;
    }

    private static void check(double[] b, String what) {
        if (b.length != 4 || !Double.isFinite(b[0]) || !Double.isFinite(b[1]) || !Double.isFinite(b[2])
                || !Double.isFinite(b[3]) || b[2] < b[0] || b[3] < b[1]) {
            throw new IllegalArgumentException(what + " is not a finite xyxy box with x2 >= x1, y2 >= y1: "
                    + Arrays.toString(b));
        }
    }
}
