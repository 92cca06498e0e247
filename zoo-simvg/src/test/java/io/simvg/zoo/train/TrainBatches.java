package io.simvg.zoo.train;

import io.simvg.zoo.SimVGConfig;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Random batches in the batch iterator's layout (for trainer tests that need no images on disk). */
final class TrainBatches {

    private TrainBatches() {
    }

    /**
     * {@code n} images with random pixels and tokens; image i has {@code i % (maxBoxes + 1)} target boxes when
     * {@code maxBoxes > 1} (some without target), exactly one otherwise.
     */
    static MultiDataSet random(SimVGConfig c, int n, int maxBoxes, long seed) {
        Random r = new Random(seed);
        INDArray img = Nd4j.create(DataType.FLOAT, n, c.inChans(), c.imgSize(), c.imgSize());
        for (long i = 0; i < img.length(); i++) {
            img.putScalar(i, (float) r.nextGaussian());
        }
        long[][] ids = new long[n][c.maxToken()];
        float[][] mask = new float[n][c.maxToken()];
        float[][][] boxes = new float[n][maxBoxes][4];
        float[][] boxMask = new float[n][maxBoxes];
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(c.maxToken() - 2);
            for (int t = 0; t < c.maxToken(); t++) {
                ids[i][t] = t == 0 ? 0 : t == len - 1 ? 2 : t < len ? 4 + r.nextInt(Math.min(c.vocabSize(), 802) - 4) : 1;
                mask[i][t] = t < len ? 0 : 1;
            }
            int boxesHere = maxBoxes == 1 ? 1 : i % (maxBoxes + 1);
            for (int k = 0; k < boxesHere; k++) {
                float w = 0.1f + 0.5f * r.nextFloat();
                float h = 0.1f + 0.5f * r.nextFloat();
                boxes[i][k] = new float[] {w / 2 + (1 - w) * r.nextFloat(), h / 2 + (1 - h) * r.nextFloat(), w, h};
                boxMask[i][k] = 1;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {img, Nd4j.createFromArray(ids), Nd4j.createFromArray(mask)},
                new INDArray[] {Nd4j.createFromArray(boxes), Nd4j.createFromArray(boxMask)});
    }
}
