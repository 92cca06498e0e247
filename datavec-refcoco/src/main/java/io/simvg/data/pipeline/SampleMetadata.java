package io.simvg.data.pipeline;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingSample;
import java.io.Serializable;
import java.util.List;

/**
 * What evaluation and visualisation need to know about one batch row: where it came from, the original image size,
 * the expression and the ground truth in original pixels, and the float32 scale factors SimVG used (S/W, S/H) to map
 * predictions in the S×S frame back to the image.
 */
public record SampleMetadata(String dataset, String split, String image, String expression, String source,
                             int width, int height, double[][] boxesXyxy, float scaleX, float scaleY)
        implements Serializable {

    static SampleMetadata of(GroundingSample s, int width, int height, float scaleX, float scaleY) {
        List<BoxXyxy> boxes = s.boxes();
        double[][] b = new double[boxes.size()][];
        for (int i = 0; i < b.length; i++) {
            b[i] = boxes.get(i).toArray();
        }
        return new SampleMetadata(s.dataset(), s.split(), s.image().toString(), s.expression(), s.source().toString(),
                width, height, b, scaleX, scaleY);
    }

    public boolean noTarget() {
        return boxesXyxy.length == 0;
    }
}
