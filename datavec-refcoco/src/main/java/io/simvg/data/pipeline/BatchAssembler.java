package io.simvg.data.pipeline;

import io.simvg.data.GroundingSample;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.text.TokenizedExpression;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Packs prepared rows into SimVG's batch arrays (see {@link SimVGBatchIterator} for the layout). */
final class BatchAssembler {

    record Row(GroundingSample sample, SimVGPreprocessor.Prepared image, TokenizedExpression tokens) {
    }

    private BatchAssembler() {
    }

    static MultiDataSet assemble(List<Row> rows, int size, int maxTokens, int maxBoxes) {
        int b = rows.size();
        int plane = 3 * size * size;
        float[] pixels = new float[b * plane];
        long[] ids = new long[b * maxTokens];
        float[] textMask = new float[b * maxTokens];
        float[] boxes = new float[b * maxBoxes * 4];
        float[] boxMask = new float[b * maxBoxes];
        List<SampleMetadata> meta = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Row r = rows.get(i);
            System.arraycopy(r.image().pixels(), 0, pixels, i * plane, plane);
            int[] tok = r.tokens().ids();
            for (int t = 0; t < maxTokens; t++) {
                ids[i * maxTokens + t] = tok[t];
                textMask[i * maxTokens + t] = t < r.tokens().length() ? 0f : 1f;
            }
            List<double[]> bx = r.image().boxes();
            for (int g = 0; g < bx.size(); g++) {
                double[] xyxy = bx.get(g);
                int o = (i * maxBoxes + g) * 4;
                // SimVG's targets: xyxy / [S,S,S,S] in float32, then cxcywh.
                float x1 = (float) (xyxy[0] / size), y1 = (float) (xyxy[1] / size);
                float x2 = (float) (xyxy[2] / size), y2 = (float) (xyxy[3] / size);
                boxes[o] = (x1 + x2) / 2;
                boxes[o + 1] = (y1 + y2) / 2;
                boxes[o + 2] = x2 - x1;
                boxes[o + 3] = y2 - y1;
                boxMask[i * maxBoxes + g] = 1f;
            }
            meta.add(SampleMetadata.of(r.sample(), r.image().width(), r.image().height(), r.image().scaleX(),
                    r.image().scaleY()));
        }
        INDArray[] features = {
            Nd4j.create(pixels, new long[] {b, 3, size, size}, 'c'),
            Nd4j.createFromArray(ids).reshape(b, maxTokens),
            Nd4j.create(textMask, new long[] {b, maxTokens}, 'c')
        };
        INDArray[] labels = {
            Nd4j.create(boxes, new long[] {b, maxBoxes, 4}, 'c'),
            Nd4j.create(boxMask, new long[] {b, maxBoxes}, 'c')
        };
        MultiDataSet out = new MultiDataSet(features, labels);
        out.setExampleMetaData(meta);
        return out;
    }
}
