package io.simvg.data.image;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** The OpenCV operations of SimVG's pipeline: bilinear resize (half-pixel centres, no antialiasing) and crop. */
public final class ImageOps {

    private ImageOps() {
    }

    /** {@code cv2.resize(img, (w, h), INTER_LINEAR)}; a new image the caller closes. */
    public static Mat resize(Mat image, int width, int height) {
        Mat out = new Mat();
        try (Size size = new Size(width, height)) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(image, out, size, 0, 0, INTER_LINEAR);
        }
        return out;
    }

    /** Rows {@code [y, y+h)} and columns {@code [x, x+w)}, copied; the caller closes it. */
    public static Mat crop(Mat image, int x, int y, int width, int height) {
        try (Rect r = new Rect(x, y, width, height); Mat view = new Mat(image, r)) {
            return view.clone();
        }
    }

    /** mmcv's {@code rescale_size} for a scale factor: {@code (int(w*s + 0.5), int(h*s + 0.5))}. */
    public static int[] rescaledSize(int width, int height, double scale) {
        return new int[] {(int) (width * scale + 0.5), (int) (height * scale + 0.5)};
    }
}
