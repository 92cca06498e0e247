package io.simvg.weights.torch;

import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.WeightLoadException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adapts a pretrained BEiT-3 checkpoint (224 px, patch 16) to a SimVG backbone of another image and patch size, as
 * {@code beit3.py::BEIT3.load_model_and_may_interpolate} does (SIMVG.md §1.2.7):
 * <ul>
 *   <li>{@value #POSITION_TABLE} [3 + s², D]: the 3 leading rows (2 Fairseq pads + CLS) are kept; the others, a
 *       row-major s×s grid of D-vectors, are resized bicubically to g×g (g = image / patch: 20 for 640/32, 16 for
 *       512/32) and put back row-major: [3 + g², D];</li>
 *   <li>{@value #PATCH_KERNEL} [D, 3, k, k]: resized bicubically to [D, 3, patch, patch], without rescaling (the
 *       kernel's sum grows by (patch/k)², as in the official code; the paper's "bilinear" is not what runs);</li>
 *   <li>every other tensor is returned unchanged.</li>
 * </ul>
 * Works one tensor at a time ({@link #apply(String, INDArray)}), so it fits {@link TorchCheckpoint#forEach}. Results
 * of a conversion are float32.
 */
public final class Beit3Conversion {

    public static final String POSITION_TABLE = "beit3.encoder.embed_positions.A.weight";
    public static final String PATCH_KERNEL = "beit3.vision_embed.proj.weight";
    /** Rows of the position table before the patch grid: 2 Fairseq padding positions and the CLS token. */
    public static final int EXTRA_TOKENS = 3;

    private final int gridSize;
    private final int patchSize;
    private final boolean keepKernelSum;

    /** For a backbone reading {@code imageSize}² images in {@code patchSize}² patches; the official conversion. */
    public Beit3Conversion(int imageSize, int patchSize) {
        this(imageSize, patchSize, false);
    }

    /**
     * @param keepKernelSum scale the resized patch kernel by (k/patch)², so that a uniform patch embeds as before
     *                      (not official; for moving a trained model to another patch size, where the official
     *                      unscaled kernel would change the patch embeddings' magnitude against the position code)
     */
    public Beit3Conversion(int imageSize, int patchSize, boolean keepKernelSum) {
        if (patchSize < 1 || imageSize < patchSize || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not a multiple of patch " + patchSize);
        }
        this.gridSize = imageSize / patchSize;
        this.patchSize = patchSize;
        this.keepKernelSum = keepKernelSum;
    }

    /** Patches per side of the target model. */
    public int gridSize() {
        return gridSize;
    }

    public int patchSize() {
        return patchSize;
    }

    /** True for the two tensors this conversion changes. */
    public static boolean converts(String name) {
        return POSITION_TABLE.equals(name) || PATCH_KERNEL.equals(name);
    }

    /** {@code value} converted if {@code name} is one of the two tensors concerned, else {@code value} itself. */
    public INDArray apply(String name, INDArray value) {
        return switch (name) {
            case POSITION_TABLE -> positionTable(value);
            case PATCH_KERNEL -> patchKernel(value);
            default -> value;
        };
    }

    /** A new state dict, in the same order, with the two tensors converted. */
    public StateDict apply(StateDict source) {
        StateDict out = new StateDict();
        source.asMap().forEach((name, value) -> out.put(name, apply(name, value)));
        return out;
    }

    /** [3 + s², D] → [3 + g², D]. */
    public INDArray positionTable(INDArray table) {
        long rows = table.rank() == 2 ? table.size(0) - EXTRA_TOKENS : -1;
        int s = (int) Math.round(Math.sqrt(Math.max(rows, 0)));
        if (rows < 1 || (long) s * s != rows) {
            throw new WeightLoadException(POSITION_TABLE + ": expected [3 + s², D], got "
                    + Arrays.toString(table.shape()));
        }
        long d = table.size(1);
        INDArray head = table.get(NDArrayIndex.interval(0, EXTRA_TOKENS), NDArrayIndex.all()).castTo(DataType.FLOAT);
        // row 3 + y·s + x holds grid cell (y, x): [s·s, D] → [s, s, D] → channels first [1, D, s, s]
        INDArray grid = table.get(NDArrayIndex.interval(EXTRA_TOKENS, table.size(0)), NDArrayIndex.all())
                .reshape('c', s, s, d).permute(2, 0, 1).reshape('c', 1, d, s, s);
        INDArray resized = BicubicInterpolation.resize(grid, gridSize, gridSize);
        // back: [1, D, g, g] → [g, g, D] → row-major rows [g·g, D]
        INDArray tokens = resized.reshape('c', d, (long) gridSize * gridSize).transpose();
        return Nd4j.concat(0, head, tokens).dup('c');
    }

    /** [D, C, k, k] → [D, C, patch, patch]. */
    public INDArray patchKernel(INDArray kernel) {
        if (kernel.rank() != 4) {
            throw new WeightLoadException(PATCH_KERNEL + ": expected [D, 3, k, k], got "
                    + Arrays.toString(kernel.shape()));
        }
        INDArray resized = BicubicInterpolation.resize(kernel, patchSize, patchSize);
        if (keepKernelSum) {
            double k = kernel.size(2) * kernel.size(3);
            resized.muli(k / ((double) patchSize * patchSize));
        }
        return resized;
    }
}
