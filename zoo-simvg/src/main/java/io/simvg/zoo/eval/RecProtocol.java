package io.simvg.zoo.eval;

import java.util.List;

/**
 * How a single predicted box is scored against a sample's ground truth for Prec@0.5 (IoU ≥ 0.5, no "+1 pixel").
 * RefCOCO-style datasets have one GT box, where both protocols agree; Flickr30K phrases may have several, and MDETR's
 * phrase-grounding evaluator offers both readings (METRICS.md §2).
 */
public enum RecProtocol {
    /** Correct when the prediction overlaps any GT box with IoU ≥ 0.5 (reported IoU: the best one). */
    ANY_BOX,
    /** Correct when the prediction overlaps the box enclosing all GT boxes with IoU ≥ 0.5. */
    MERGED_BOX;

    /** The official threshold ({@code >=}). */
    public static final double IOU_THRESHOLD = 0.5;

    /**
     * @param prediction the predicted xyxy box, or {@code null} when the model produced none (every box was empty
     *                   after clipping; the PyTorch code would raise) — scored as a miss
     * @param gt         the sample's GT boxes, at least one
     */
    public RecSampleResult evaluate(double[] prediction, List<double[]> gt) {
        if (gt.isEmpty()) {
            throw new IllegalArgumentException("REC needs at least one ground-truth box per sample");
        }
        if (prediction == null) {
            return new RecSampleResult(0, false);
        }
        double iou = this == MERGED_BOX ? BoxOverlap.iou(prediction, enclosing(gt)) : bestIou(prediction, gt);
        return new RecSampleResult(iou, iou >= IOU_THRESHOLD);
    }

    private static double bestIou(double[] prediction, List<double[]> gt) {
        double best = Double.NEGATIVE_INFINITY;
        for (double[] g : gt) {
            best = Math.max(best, BoxOverlap.iou(prediction, g));
        }
        return best;
    }

    private static double[] enclosing(List<double[]> gt) {
        double[] e = gt.get(0).clone();
        for (double[] g : gt) {
            e[0] = Math.min(e[0], g[0]);
            e[1] = Math.min(e[1], g[1]);
            e[2] = Math.max(e[2], g[2]);
            e[3] = Math.max(e[3], g[3]);
        }
        return e;
    }
}
