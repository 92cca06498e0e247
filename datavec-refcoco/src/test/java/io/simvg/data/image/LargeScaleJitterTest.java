package io.simvg.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simvg.data.RecordSource;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Large-scale jitter with scripted random numbers; every expected value is worked out by hand in the comments. */
class LargeScaleJitterTest {

    /** Returns the given numbers, then 0 forever. */
    private static final class ScriptedRandom extends Random {
        private final double[] values;
        private int next;

        ScriptedRandom(double... values) {
            this.values = values;
        }

        @Override
        public double nextDouble() {
            return next < values.length ? values[next++] : 0.0;
        }
    }

    private static Mat image() throws Exception {
        Path p = SimVGPreprocessorTest.resourceDir().resolve("COCO_train2014_000000100001.jpg");   // 64 x 48
        return ImageDecoder.decode(p, new RecordSource(p, "test"));
    }

    @Test
    void shrinkOnlyRescalesAndClips() throws Exception {
        // u = 0.5: r = 0.3 + 0.5 * 1.1 = 0.85, s = 0.85 * 640 / 64 = 8.5 -> 544 x 408; box scaled by 8.5.
        try (Mat img = image()) {
            LargeScaleJitter.Result r = LargeScaleJitter.simvg(640).apply(img, new double[] {3.5, 4.25, 23.5, 34.75},
                    new ScriptedRandom(0.5));
            assertEquals(544, r.image().cols());
            assertEquals(408, r.image().rows());
            assertArrayEquals(new double[] {29.75, 36.125, 199.75, 295.375}, r.box(), 1e-9);
            r.image().close();
        }
    }

    @Test
    void zoomAcceptsTheFirstCropThatKeepsTheBox() throws Exception {
        // u = 0.99: r = 1.389, s = 13.89 -> 889 x 667 (fx = 889/64, fy = 667/48); crop 640 x 480 at offset (0, 0)
        // keeps the whole box (>= 0.9); y2 = 34.75 * 667/48 = 482.88 is clipped to 479.
        try (Mat img = image()) {
            LargeScaleJitter.Result r = LargeScaleJitter.simvg(640).apply(img, new double[] {3.5, 4.25, 23.5, 34.75},
                    new ScriptedRandom(0.99, 0.0, 0.0));
            assertEquals(640, r.image().cols());
            assertEquals(480, r.image().rows());
            assertArrayEquals(new double[] {3.5 * 889 / 64, 4.25 * 667 / 48, 23.5 * 889 / 64, 479}, r.box(), 1e-9);
            r.image().close();
        }
    }

    /**
     * r = 2 (jitter range [2, 3), u = 0): 1280 x 960, box [10,8,60,47] -> [200,160,1200,940] (area 780,000). Try 0 at
     * offset (0.25·640, 0.25·480) = (160, 120) keeps 600·440/780,000 = 0.338; every later try sits at (0, 0) and keeps
     * 440·320/780,000 = 0.18. No threshold is met and 0.338 ≥ 0.3, so try 0's crop is taken. The official code then
     * shifts the box by the LAST try's offset (0, 0); the intended behaviour by (160, 120).
     */
    @Test
    void bestTryCropShiftsTheBoxByTheLastOffsetLikeTheOfficialCode() throws Exception {
        LargeScaleJitter official = new LargeScaleJitter(640, 2.0, 3.0, 0.3, true);
        try (Mat img = image()) {
            LargeScaleJitter.Result r = official.apply(img, new double[] {10, 8, 60, 47}, new ScriptedRandom(0, 0.25, 0.25));
            assertEquals(640, r.image().cols());
            assertEquals(480, r.image().rows());
            assertArrayEquals(new double[] {200, 160, 639, 479}, r.box(), 1e-9);
            try (Mat scaled = ImageOps.resize(img, 1280, 960)) {
                // the crop is rows [120, 600) x columns [160, 800) of the rescaled image
                assertEquals(scaled.ptr(120 + 7, 160 + 5).get(1), r.image().ptr(7, 5).get(1));
                assertEquals(scaled.ptr(120 + 300, 160 + 600).get(0), r.image().ptr(300, 600).get(0));
            }
            r.image().close();

            LargeScaleJitter.Result fixed = official.intended().apply(img, new double[] {10, 8, 60, 47},
                    new ScriptedRandom(0, 0.25, 0.25));
            assertArrayEquals(new double[] {40, 40, 639, 479}, fixed.box(), 1e-9);
            fixed.image().close();
        }
    }

    @Test
    void tooLittleKeptLeavesTheRescaledImageUncropped() throws Exception {
        // r = 2: box [0,0,63,47] -> [0,0,1260,940]; a 640x480 crop keeps at most 307,200/1,184,400 = 0.26 < 0.3.
        try (Mat img = image()) {
            LargeScaleJitter.Result r = new LargeScaleJitter(640, 2.0, 3.0, 0.3, true)
                    .apply(img, new double[] {0, 0, 63, 47}, new ScriptedRandom(0));
            assertEquals(1280, r.image().cols());
            assertEquals(960, r.image().rows());
            assertArrayEquals(new double[] {0, 0, 1260, 940}, r.box(), 1e-9);
            r.image().close();
        }
    }
}
