package io.simvg.data.image;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * SimVG's training-time large-scale jitter for REC ({@code LargeScaleJitter(out_max_size=640, jitter_min=0.3,
 * jitter_max=1.4)}): rescale by {@code r · 640/max(h,w)}, r uniform in [0.3, 1.4); for r &gt; 1 cut a random crop of the
 * 640-long-side size that keeps enough of the box (thresholds 0.9 … 0.5, 100 tries each, else the best try if it keeps
 * ≥ 0.3, else no crop); clip the box to the result.
 *
 * <p>Two quirks of the official code are replicated by default: the box/crop overlap is not clamped (two negative
 * extents multiply to a positive "overlap"), and when the best earlier try is taken the box is still shifted by the last
 * try's offset. {@link #intended()} fixes both.
 */
public final class LargeScaleJitter {

    private static final double[] THRESHOLDS = {0.9, 0.8, 0.7, 0.6, 0.5};
    private static final int TRIES = 100;

    private final int outMaxSize;
    private final double jitterMin;
    private final double jitterMax;
    private final double minKeep;
    private final boolean official;

    public LargeScaleJitter(int outMaxSize, double jitterMin, double jitterMax, double minKeep, boolean official) {
        this.outMaxSize = outMaxSize;
        this.jitterMin = jitterMin;
        this.jitterMax = jitterMax;
        this.minKeep = minKeep;
        this.official = official;
    }

    /** SimVG's settings for an output of {@code outMaxSize}, official behaviour. */
    public static LargeScaleJitter simvg(int outMaxSize) {
        return new LargeScaleJitter(outMaxSize, 0.3, 1.4, 0.3, true);
    }

    /** The same with the overlap clamped and the box shifted by the crop actually taken. */
    public LargeScaleJitter intended() {
        return new LargeScaleJitter(outMaxSize, jitterMin, jitterMax, minKeep, false);
    }

    /** The jittered image and box. */
    public record Result(Mat image, double[] box) {
    }

    /**
     * @param image BGR image, not modified
     * @param box   {@code [x1,y1,x2,y2]} in {@code image} pixels
     */
    public Result apply(Mat image, double[] box, Random random) {
        int w = image.cols();
        int h = image.rows();
        double r = jitterMin + random.nextDouble() * (jitterMax - jitterMin);
        int[] size = ImageOps.rescaledSize(w, h, r * outMaxSize / Math.max(h, w));
        int newW = size[0];
        int newH = size[1];
        Mat scaled = ImageOps.resize(image, newW, newH);
        double fx = (double) newW / w;
        double fy = (double) newH / h;
        double[] gt = {box[0] * fx, box[1] * fy, box[2] * fx, box[3] * fy};
        if (r <= 1.0) {
            return new Result(scaled, clip(gt, newW, newH));
        }
        int[] out = ImageOps.rescaledSize(w, h, (double) outMaxSize / Math.max(w, h));
        double[] chosen = null;
        double[] last = null;
        double[] best = null;
        double bestKeep = 0;
        search:
        for (double threshold : THRESHOLDS) {
            for (int t = 0; t < TRIES; t++) {
                double[] offset = {random.nextDouble() * (newW - out[0]), random.nextDouble() * (newH - out[1])};
                last = offset;
                double keep = kept(offset, out, gt);
                if (keep > bestKeep) {
                    bestKeep = keep;
                    best = offset;
                }
                if (keep >= threshold) {
                    chosen = offset;
                    break search;
                }
            }
        }
        if (chosen == null) {
            if (bestKeep < minKeep) {
                // The official code returns the rescaled image uncropped and its box unclipped here.
                return new Result(scaled, gt);
            }
            chosen = best;
        }
        int x0 = (int) chosen[0];
        int y0 = (int) chosen[1];
        Mat cropped = ImageOps.crop(scaled, x0, y0, out[0], out[1]);
        scaled.close();
        double[] shift = official ? last : chosen;
        double[] moved = {gt[0] - shift[0], gt[1] - shift[1], gt[2] - shift[0], gt[3] - shift[1]};
        return new Result(cropped, clip(moved, out[0], out[1]));
    }

    /** Share of the box inside the crop at {@code offset}. */
    private double kept(double[] offset, int[] out, double[] gt) {
        double iw = Math.min(offset[0] + out[0], gt[2]) - Math.max(offset[0], gt[0]);
        double ih = Math.min(offset[1] + out[1], gt[3]) - Math.max(offset[1], gt[1]);
        if (!official) {
            iw = Math.max(iw, 0);
            ih = Math.max(ih, 0);
        }
        return iw * ih / ((gt[2] - gt[0]) * (gt[3] - gt[1]));
    }

    private static double[] clip(double[] b, int w, int h) {
        return new double[] {clamp(b[0], w - 1), clamp(b[1], h - 1), clamp(b[2], w - 1), clamp(b[3], h - 1)};
    }

    private static double clamp(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }
}
