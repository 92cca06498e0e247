package io.simvg.zoo.train;

import io.simvg.zoo.SimVGConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed 2-D sine-cosine code as the starting value of the vision position table, for training from scratch.
 *
 * <p>BEiT-3 initialises its learned position table with truncated N(0, 0.02): harmless when a pretrained checkpoint
 * overwrites it, but a model trained from scratch then sees patch positions 25–50 times weaker than patch contents and
 * has to learn where each patch is before it can regress a box. Starting from the sine-cosine code of MAE (He et al.
 * 2022) gives every patch its grid row and column from step 1 (on a 64-image probe the token-branch GIoU loss after
 * 36–60 steps was 0.72–0.83 with it, 0.97–1.03 without); the table stays a trainable parameter. Not an official SimVG
 * option: the official runs all start from BEiT-3 weights.
 *
 * <p>Layout of {@code embed_positions.A} (SIMVG.md §1.2.4): rows 0–1 unused (Fairseq), row 2 the vision CLS, row
 * {@code 3 + r·g + c} the patch in grid row r, column c. Patch rows get, for k in [0, D/4) and ω_k = 10000^(−4k/D),
 * sin(r·ω_k), cos(r·ω_k), sin(c·ω_k), cos(c·ω_k) in four blocks of D/4 columns; rows 0–2 keep their initialisation.
 */
public final class SineCosinePositions {

    /** The vision position table's parameter name. */
    public static final String TABLE = "vis_enc.beit3.encoder.embed_positions.A.weight";

    private SineCosinePositions() {
    }

    /** Overwrites the patch rows of {@code table} ({@code [g²+3, D]}, D divisible by 4) in place. */
    public static void fill(INDArray table, SimVGConfig config) {
        int g = config.gridSize();
        int d = config.embedDim();
        if (d % 4 != 0) {
            throw new IllegalArgumentException("a 2-D sine-cosine position code needs a width divisible by 4, got "
                    + d);
        }
        if (table.rank() != 2 || table.size(0) != config.visionPositions() || table.size(1) != d) {
            throw new IllegalArgumentException("vision position table has shape "
                    + java.util.Arrays.toString(table.shape()) + ", expected [" + config.visionPositions() + ", " + d
                    + "]");
        }
        int quarter = d / 4;
        for (int i = 0; i < g * g; i++) {
            int row = i / g;
            int col = i % g;
            for (int k = 0; k < quarter; k++) {
                double omega = Math.pow(10000, -k / (double) quarter);
                long r = 3L + i;
                table.putScalar(new long[] {r, k}, Math.sin(row * omega));
                table.putScalar(new long[] {r, quarter + k}, Math.cos(row * omega));
                table.putScalar(new long[] {r, 2L * quarter + k}, Math.sin(col * omega));
                table.putScalar(new long[] {r, 3L * quarter + k}, Math.cos(col * omega));
            }
        }
    }
}
