package io.simvg.zoo;

import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.BoxPostProcessor;
import io.simvg.zoo.predict.SimVGPredictor;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A SimVG model opened from a model file: the zoo description, the graph with the stored parameters, and the manifest
 * (task, tokenizer, provenance).
 */
public record PretrainedModel(SimVG zoo, SameDiff graph, ModelManifest manifest) {

    public SimVGConfig config() {
        return zoo.config();
    }

    /** A predictor on {@code branch} with the official score threshold. */
    public SimVGPredictor predictor(Branch branch) {
        return zoo.predictor(graph, branch, BoxPostProcessor.DEFAULT_THRESHOLD);
    }
}
