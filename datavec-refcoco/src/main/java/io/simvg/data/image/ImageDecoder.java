package io.simvg.data.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes an image file the way SimVG does ({@code mmcv.imfrombytes(flag="color")}): OpenCV {@code imdecode} with
 * {@code IMREAD_COLOR}, giving 3-channel 8-bit BGR (grey and RGBA files converted, EXIF orientation applied).
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    /** The decoded BGR image; the caller closes it. */
    public static Mat decode(Path file, RecordSource source) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GroundingDataException(source, "image file not found: " + file);
        } catch (IOException e) {
            throw new GroundingDataException(source, "cannot read image " + file + ": " + e.getMessage(), e);
        }
        Mat image;
        try (BytePointer data = new BytePointer(bytes); Mat buffer = new Mat(1, bytes.length, CV_8UC1, data)) {
            image = imdecode(buffer, IMREAD_COLOR);
        }
        if (image == null || image.empty() || image.channels() != 3) {
            if (image != null) {
                image.close();
            }
            throw new GroundingDataException(source, "corrupt or unsupported image " + file + " (" + bytes.length + " bytes)");
        }
        return image;
    }
}
