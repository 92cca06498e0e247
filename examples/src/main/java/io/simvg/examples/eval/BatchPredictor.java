package io.simvg.examples.eval;

import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import io.simvg.zoo.predict.SimVGPredictor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What the evaluation needs from a model: for one batch of {@code SimVGBatchIterator}, every surviving detection of
 * each evaluated branch, per row, in the S×S network frame. An interface so the bookkeeping (pixel mapping, REC/GREC
 * selection, aggregation) can be checked with predictions whose metrics are known without a trained model.
 */
@FunctionalInterface
public interface BatchPredictor {

    Map<Branch, List<List<Detection>>> predict(MultiDataSet batch);

    /** A model's branches, all from one forward pass per batch. */
    static BatchPredictor of(SimVGPredictor predictor, Collection<Branch> branches) {
        List<Branch> use = List.copyOf(branches);
        return batch -> predictor.surviving(batch.getFeatures(0), batch.getFeatures(1), batch.getFeatures(2), use);
    }
}
