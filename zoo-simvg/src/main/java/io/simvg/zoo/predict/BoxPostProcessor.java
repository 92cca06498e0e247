package io.simvg.zoo.predict;

import io.simvg.zoo.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SimVG's inference post-processing (SIMVG.md §4.1): softmax scores, cxcywh → xyxy pixels of the S×S frame,
 * detectron2 {@code detector_postprocess} (clip to the frame, drop boxes with non-positive width or height), then REC
 * keeps the best surviving query and GREC every surviving query with score ≥ threshold. Arithmetic is float32 as in
 * PyTorch.
 */
public final class BoxPostProcessor {

    /** GREC's default score threshold (the metric compares {@code score >= 0.7}). */
    public static final double DEFAULT_THRESHOLD = 0.7;

    private final Task task;
    private final double threshold;

    public BoxPostProcessor(Task task, double threshold) {
        this.task = task;
        this.threshold = threshold;
    }

    /**
     * @param logits {@code [B, Nq, K+1]} class logits (last = no-object)
     * @param boxes  {@code [B, Nq, 4]} sigmoid cx, cy, w, h
     * @param width  frame width the boxes are scaled to (S)
     * @param height frame height (S)
     * @return per sample: REC → at most one detection (none when every box was empty); GREC → the detections with
     *         score ≥ threshold, best first
     */
    public List<List<Detection>> process(INDArray logits, INDArray boxes, int width, int height) {
        List<List<Detection>> out = new ArrayList<>();
        for (List<Detection> all : surviving(logits, boxes, width, height)) {
            if (task == Task.REC) {
                out.add(all.stream().max(Comparator.comparingDouble(Detection::score)).map(List::of).orElse(List.of()));
            } else {
                out.add(all.stream().filter(d -> d.score() >= threshold)
                        .sorted(Comparator.comparingDouble(Detection::score).reversed()).toList());
            }
        }
        return out;
    }

    /** Every query's box after clipping, minus empty boxes, in query order. */
    public static List<List<Detection>> surviving(INDArray logits, INDArray boxes, int width, int height) {
        long b = logits.size(0);
        long nq = logits.size(1);
        int k = (int) logits.size(2);
        if (boxes.size(0) != b || boxes.size(1) != nq || boxes.size(2) != 4) {
            throw new IllegalArgumentException("logits " + java.util.Arrays.toString(logits.shape()) + " and boxes "
                    + java.util.Arrays.toString(boxes.shape()) + " do not match");
        }
        float[] l = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] x = boxes.castTo(DataType.FLOAT).dup('c').data().asFloat();
        List<List<Detection>> out = new ArrayList<>();
        for (int s = 0; s < b; s++) {
            List<Detection> list = new ArrayList<>();
            for (int q = 0; q < nq; q++) {
                int li = (int) ((s * nq + q) * k);
                float score = objectScore(l, li, k);
                int bi = (int) ((s * nq + q) * 4);
                float cx = x[bi];
                float cy = x[bi + 1];
                float w = x[bi + 2];
                float h = x[bi + 3];
                float x1 = clip((cx - 0.5f * w) * width, width);
                float y1 = clip((cy - 0.5f * h) * height, height);
                float x2 = clip((cx + 0.5f * w) * width, width);
                float y2 = clip((cy + 0.5f * h) * height, height);
                if (x2 - x1 > 0 && y2 - y1 > 0) {
                    list.add(new Detection(x1, y1, x2, y2, score, q));
                }
            }
            out.add(list);
        }
        return out;
    }

    /** Highest softmax probability among the object classes (all but the last, no-object, entry). */
    private static float objectScore(float[] logits, int offset, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        float sum = 0;
        for (int i = 0; i < k; i++) {
            sum += (float) Math.exp(logits[offset + i] - max);
        }
        float best = 0;
        for (int i = 0; i < k - 1; i++) {
            best = Math.max(best, (float) Math.exp(logits[offset + i] - max) / sum);
        }
        return best;
    }

    private static float clip(float v, int max) {
        return Math.min(Math.max(v, 0f), max);
    }
}
