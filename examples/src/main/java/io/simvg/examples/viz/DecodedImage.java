package io.simvg.examples.viz;

import io.simvg.data.RecordSource;
import io.simvg.data.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads an image for drawing with the decoder the model's input pipeline uses (OpenCV, EXIF orientation applied,
 * grey/RGBA converted), so the picture and the predicted pixel coordinates always refer to the same frame.
 */
public final class DecodedImage {

    private DecodedImage() {
    }

    /**
     * @throws io.simvg.data.GroundingDataException naming the file when it is missing, unreadable or not an image
     */
    public static BufferedImage read(Path file) {
        try (Mat bgr = ImageDecoder.decode(file, new RecordSource(file, "image"))) {
            BufferedImage img = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_3BYTE_BGR);
            byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
            continuous.data().get(target);   // both are B, G, R bytes row by row
            if (continuous != bgr) {
                continuous.close();
            }
            return img;
        }
    }
}
