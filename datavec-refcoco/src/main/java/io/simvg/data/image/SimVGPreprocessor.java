package io.simvg.data.image;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.SampleChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * SimVG's image pipeline for one sample: decode (OpenCV, BGR) → clip the boxes to {@code [0,W-1]×[0,H-1]} → optional
 * {@link LargeScaleJitter} (REC training) → stretch to S×S with bilinear interpolation (no letterbox) → BGR→RGB and
 * ImageNet mean/std on the 0–255 scale, as CHW float32.
 */
public final class SimVGPreprocessor {

    /** ImageNet statistics on the 0–255 scale, RGB order (SimVG's {@code Normalize}, not BEiT-3's own 0.5/0.5). */
    public static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    public static final float[] STD = {58.395f, 57.12f, 57.375f};

    private final int size;
    private final LargeScaleJitter jitter;

    /** Evaluation pipeline at {@code size} (640 in every SimVG config). */
    public SimVGPreprocessor(int size) {
        this(size, null);
    }

    /** With {@code jitter} applied to single-box samples ({@code null}: none). */
    public SimVGPreprocessor(int size, LargeScaleJitter jitter) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + size);
        }
        this.size = size;
        this.jitter = jitter;
    }

    public int size() {
        return size;
    }

    /**
     * One prepared image.
     *
     * @param pixels      {@code [3, S, S]} RGB, normalised, row-major
     * @param boxes       target boxes in the S×S frame, {@code [x1,y1,x2,y2]}; empty for no target
     * @param width       decoded image width
     * @param height      decoded image height
     * @param scaleX      S / width as SimVG's float32 {@code scale_factor} (without jitter: maps back to the original)
     * @param scaleY      S / height likewise
     */
    public record Prepared(float[] pixels, List<double[]> boxes, int width, int height, float scaleX, float scaleY) {
    }

    /** Prepares {@code sample}; {@code random} drives the jitter and may be {@code null} when there is none. */
    public Prepared prepare(GroundingSample sample, Random random) {
        Mat image = ImageDecoder.decode(sample.image(), sample.source());
        try {
            int w = image.cols();
            int h = image.rows();
            if (sample.hasImageSize() && (sample.imageWidth() != w || sample.imageHeight() != h)) {
                throw new GroundingDataException(sample.source(), "image " + sample.image() + " is " + w + "x" + h
                        + " but the annotation says " + sample.imageWidth() + "x" + sample.imageHeight());
            }
            SampleChecks.checkBoxes(sample.source(), sample.boxes(), w, h);
            List<double[]> boxes = new ArrayList<>();
            for (BoxXyxy b : sample.boxes()) {
                boxes.add(b.clip(w - 1, h - 1).toArray());
            }
            if (jitter != null && boxes.size() == 1) {
                LargeScaleJitter.Result j = jitter.apply(image, boxes.get(0), random);
                image.close();
                image = j.image();
                boxes.set(0, j.box());
            }
            return resizeAndNormalise(image, boxes, w, h);
        } finally {
            image.close();
        }
    }

    private Prepared resizeAndNormalise(Mat image, List<double[]> boxes, int originalW, int originalH) {
        // mmcv's Resize keeps its scale factors in float32; the boxes (float64) are multiplied by those.
        float sx = (float) ((double) size / image.cols());
        float sy = (float) ((double) size / image.rows());
        List<double[]> scaled = new ArrayList<>(boxes.size());
        for (double[] b : boxes) {
            scaled.add(new double[] {b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy});
        }
        try (Mat resized = ImageOps.resize(image, size, size)) {
            return new Prepared(normalise(resized), scaled, originalW, originalH,
                    (float) ((double) size / originalW), (float) ((double) size / originalH));
        }
    }

    /** BGR HWC bytes → RGB CHW floats, {@code (x − mean) · (1/std)} like {@code mmcv.imnormalize}. */
    private float[] normalise(Mat bgr) {
        int pixels = size * size;
        byte[] hwc = new byte[pixels * 3];
        bgr.data().get(hwc);
        float[] chw = new float[pixels * 3];
        for (int c = 0; c < 3; c++) {
            int src = 2 - c;     // RGB channel c is BGR channel 2 - c
            float mean = MEAN[c];
            double inv = 1.0 / STD[c];
            int base = c * pixels;
            for (int i = 0; i < pixels; i++) {
                chw[base + i] = (float) (((hwc[3 * i + src] & 0xFF) - mean) * inv);
            }
        }
        return chw;
    }
}
