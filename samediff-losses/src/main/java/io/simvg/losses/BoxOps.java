package io.simvg.losses;

/**
 * detrex's box operations in float32 with the official operation order and epsilons: {@code (cx, cy, w, h)} →
 * {@code (x1, y1, x2, y2)}, pairwise IoU {@code inter/(union+1e-6)} and generalised IoU
 * {@code iou - (C-union)/(C+1e-6)}. Boxes are {@code float[n][4]}.
 */
public final class BoxOps {

    public static final float EPS = 1e-6f;

    private BoxOps() {
    }

    public static float[] cxcywhToXyxy(float[] b) {
        return new float[] {b[0] - 0.5f * b[2], b[1] - 0.5f * b[3], b[0] + 0.5f * b[2], b[1] + 0.5f * b[3]};
    }

    public static float[][] cxcywhToXyxy(float[][] boxes) {
        float[][] out = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            out[i] = cxcywhToXyxy(boxes[i]);
        }
        return out;
    }

    public static float[] xyxyToCxcywh(float[] b) {
        return new float[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]};
    }

    public static float area(float[] xyxy) {
        return (xyxy[2] - xyxy[0]) * (xyxy[3] - xyxy[1]);
    }

    /** Intersection over union of two xyxy boxes, plus their union: {@code {iou, union}}. */
    public static float[] iouAndUnion(float[] a, float[] b) {
        float w = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), 0f);
        float h = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), 0f);
        float inter = w * h;
        float union = area(a) + area(b) - inter;
        return new float[] {inter / (union + EPS), union};
    }

    public static float iou(float[] a, float[] b) {
        return iouAndUnion(a, b)[0];
    }

    /** Generalised IoU of two xyxy boxes. */
    public static float giou(float[] a, float[] b) {
        float[] iu = iouAndUnion(a, b);
        float w = Math.max(Math.max(a[2], b[2]) - Math.min(a[0], b[0]), 0f);
        float h = Math.max(Math.max(a[3], b[3]) - Math.min(a[1], b[1]), 0f);
        float enclosing = w * h;
        return iu[0] - (enclosing - iu[1]) / (enclosing + EPS);
    }

    /** Pairwise IoU {@code [n][m]} of xyxy boxes. */
    public static float[][] pairwiseIou(float[][] a, float[][] b) {
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = iou(a[i], b[j]);
            }
        }
        return out;
    }

    /** Pairwise generalised IoU {@code [n][m]} of xyxy boxes (both checked: x2 ≥ x1, y2 ≥ y1, finite). */
    public static float[][] pairwiseGiou(float[][] a, float[][] b, String nameA, String nameB) {
        checkXyxy(a, nameA);
        checkXyxy(b, nameB);
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = giou(a[i], b[j]);
            }
        }
        return out;
    }

    /**
     * The official GIoU asserts well-formed boxes; here a degenerate or non-finite box is an
     * {@link IllegalArgumentException} naming the tensor and the row.
     */
    public static void checkXyxy(float[][] boxes, String name) {
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            for (float v : b) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + java.util.Arrays.toString(b));
                }
            }
            if (b[2] < b[0] || b[3] < b[1]) {
                throw new IllegalArgumentException(name + "[" + i + "] is degenerate (x2 < x1 or y2 < y1): "
                        + java.util.Arrays.toString(b));
            }
        }
    }
}
