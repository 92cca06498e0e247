package io.simvg.examples.predict;

import io.simvg.data.GroundingSample;
import io.simvg.data.RecordSource;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.text.TokenizedExpression;
import io.simvg.examples.model.LoadedModel;
import io.simvg.zoo.Task;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import io.simvg.zoo.predict.SimVGPredictor;
import java.nio.file.Files;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grounds one expression in one image with SimVG's evaluation pipeline (stretch to S×S, normalise, BEiT-3 token ids)
 * and returns the boxes in the image's original pixels, divided by the same float32 scale factors SimVG uses: a REC
 * model's best box, or a GREC model's boxes with score ≥ the threshold (possibly none), best first.
 */
public final class GroundingPredictor {

    /** The answer for one request: original image size and the boxes. */
    public record Result(GroundingRequest request, int width, int height, List<Detection> boxes) {
    }

    private final LoadedModel model;
    private final SimVGPredictor predictor;
    private final SimVGPreprocessor preprocessor;

    public GroundingPredictor(LoadedModel model, Branch branch, double threshold) {
        this(model, branch, Task.forQueries(model.config().numQueries()), threshold);
    }

    /** Reads the model's queries as {@code task}: REC → the best box (also from a GREC model), GREC → all ≥ threshold. */
    public GroundingPredictor(LoadedModel model, Branch branch, Task task, double threshold) {
        this.model = model;
        this.predictor = new SimVGPredictor(model.model().graph(), model.config(), branch, task, threshold);
        this.preprocessor = new SimVGPreprocessor(model.config().imgSize());
    }

    /**
     * @throws IllegalArgumentException when the image file is missing or the expression has no tokens
     * @throws io.simvg.data.GroundingDataException when the image cannot be decoded
     */
    public Result predict(GroundingRequest request) {
        if (!Files.isRegularFile(request.image())) {
            throw new IllegalArgumentException("image not found: " + request.image());
        }
        TokenizedExpression tokens = model.tokenizer().encode(request.text());
        GroundingSample sample = new GroundingSample("predict", "predict", request.image(), request.text(), List.of(),
                0, 0, new RecordSource(request.image(), "image"));
        SimVGPreprocessor.Prepared prepared = preprocessor.prepare(sample, null);
        int s = preprocessor.size();
        int t = tokens.maxTokens();
        long[] ids = new long[t];
        float[] mask = new float[t];
        int[] tokenIds = tokens.ids();
        int[] padding = tokens.paddingMask();
        for (int i = 0; i < t; i++) {
            ids[i] = tokenIds[i];
            mask[i] = padding[i];
        }
        INDArray image = Nd4j.create(prepared.pixels(), new long[] {1, 3, s, s}, 'c');
        List<Detection> frame = predictor.predict(image, Nd4j.createFromArray(ids).reshape(1, t),
                Nd4j.create(mask, new long[] {1, t}, 'c')).get(0);
        List<Detection> original = frame.stream()
                .map(d -> d.scaled(1.0 / prepared.scaleX(), 1.0 / prepared.scaleY())).toList();
        return new Result(request, prepared.width(), prepared.height(), original);
    }
}
