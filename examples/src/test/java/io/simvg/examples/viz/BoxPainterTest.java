package io.simvg.examples.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.predict.Detection;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxPainterTest {

    static final int GREY = new Color(128, 128, 128).getRGB();

    static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, GREY);
            }
        }
        return img;
    }

    @Test
    void smallImagesAreEnlargedAndLargeOnesKept() {
        assertEquals(8, BoxPainter.scaleFor(64, 48));
        assertEquals(4, BoxPainter.scaleFor(128, 128));
        assertEquals(1, BoxPainter.scaleFor(640, 480));
    }

    @Test
    void predictionsSolidGroundTruthDashedCaptionBelow(@TempDir Path dir) throws IOException {
        BufferedImage out = new BoxPainter().paint(grey(64, 48), List.of(new Detection(10, 10, 30, 30, 0.93, 0)),
                List.<double[]>of(new double[] {40, 20, 60, 40}), "the dog on the right");
        int k = 8;
        assertEquals(64 * k, out.getWidth());
        assertTrue(out.getHeight() > 48 * k, "caption strip");
        // left edge of the prediction at x = 10 * 8, below its score label: solid, every pixel
        for (int y = 12 * k; y < 30 * k; y += 7) {
            assertEquals(BoxPainter.PREDICTION.getRGB(), out.getRGB(10 * k, y), "solid prediction edge at y " + y);
        }
        // left edge of the ground truth at x = 40 * 8: dashed, so both its colour and gaps occur
        int gt = 0;
        int gap = 0;
        for (int y = 21 * k; y < 39 * k; y++) {
            int rgb = out.getRGB(40 * k, y);
            gt += rgb == BoxPainter.GROUND_TRUTH.getRGB() ? 1 : 0;
            gap += rgb == GREY ? 1 : 0;
        }
        assertTrue(gt > 0 && gap > 0, "dashed: " + gt + " drawn, " + gap + " gaps");
        assertEquals(GREY, out.getRGB(50 * k, 30 * k), "box interiors are not filled");
        assertEquals(BoxPainter.CAPTION_BACKGROUND.getRGB(), out.getRGB(out.getWidth() - 1, out.getHeight() - 1));
        boolean text = false;
        for (int y = 48 * k; y < out.getHeight() && !text; y++) {
            for (int x = 0; x < out.getWidth() && !text; x++) {
                text = out.getRGB(x, y) == Color.WHITE.getRGB();
            }
        }
        assertTrue(text, "caption text drawn in the strip");

        Path png = dir.resolve("sub/annotated.png");
        BoxPainter.writePng(out, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(out.getWidth(), back.getWidth());
        assertNotEquals(0, back.getHeight());
        assertEquals(out.getRGB(10 * k, 20 * k), back.getRGB(10 * k, 20 * k), "PNG is lossless");
    }
}
