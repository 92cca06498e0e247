package io.simvg.examples.eval;

import io.simvg.data.pipeline.SampleMetadata;
import io.simvg.zoo.eval.GrecSampleResult;
import io.simvg.zoo.eval.RecSampleResult;
import io.simvg.zoo.predict.Detection;
import java.util.List;

/**
 * One evaluated sample of one branch, kept for the per-sample report.
 *
 * @param index       position in the evaluated split (after any skipped record)
 * @param sample      where it came from, its expression and GT in original pixels
 * @param groundTruth the GT boxes the prediction was compared with (clipped as configured)
 * @param predictions REC: the top-scoring box; GREC: the boxes at or above the score threshold, best first (original
 *                    pixels)
 * @param rec         REC score, or {@code null}
 * @param grec        GREC score, or {@code null}
 */
public record SampleOutcome(int index, SampleMetadata sample, List<double[]> groundTruth, List<Detection> predictions,
                            RecSampleResult rec, GrecSampleResult grec) {

    public boolean correct() {
        return rec != null ? rec.correct() : grec.success();
    }
}
