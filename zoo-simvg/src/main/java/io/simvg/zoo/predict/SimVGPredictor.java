package io.simvg.zoo.predict;

import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.graph.SimVGGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a SimVG graph on preprocessed inputs and returns boxes in pixels with scores.
 *
 * <p>Inputs are what SimVG's pipeline produces: the image stretched to S×S and normalised ({@code [B,3,S,S]}),
 * XLM-R token ids ({@code [B,T]}) and the padding mask ({@code [B,T]}, 1 = padding). Boxes come back in the S×S frame,
 * or in each image's original pixels when its size is given.
 */
public final class SimVGPredictor {

    private final SameDiff graph;
    private final SimVGConfig config;
    private final Branch branch;
    private final BoxPostProcessor postProcessor;

    public SimVGPredictor(SameDiff graph, SimVGConfig config, Branch branch, Task task, double threshold) {
        this.graph = graph;
        this.config = config;
        this.branch = branch;
        this.postProcessor = new BoxPostProcessor(task, threshold);
        if (!graph.hasVariable(branch.logitsOutput())) {
            throw new IllegalArgumentException("this graph has no " + branch + " branch");
        }
    }

    /** Token branch; REC when the model has one query, else GREC at score ≥ 0.7. */
    public SimVGPredictor(SameDiff graph, SimVGConfig config) {
        this(graph, config, graph.hasVariable(Branch.TOKEN.logitsOutput()) ? Branch.TOKEN : Branch.DECODER,
                Task.forQueries(config.numQueries()), BoxPostProcessor.DEFAULT_THRESHOLD);
    }

    /** Detections per sample in the S×S network frame. */
    public List<List<Detection>> predict(INDArray image, INDArray tokenIds, INDArray paddingMask) {
        Map<String, INDArray> out = run(image, tokenIds, paddingMask);
        int s = config.imgSize();
        return postProcessor.process(out.get(branch.logitsOutput()), out.get(branch.boxesOutput()), s, s);
    }

    /**
     * Detections per sample in original-image pixels.
     *
     * @param originalSizes {@code [width, height]} of each sample's original image
     */
    public List<List<Detection>> predict(INDArray image, INDArray tokenIds, INDArray paddingMask,
                                         int[][] originalSizes) {
        List<List<Detection>> frame = predict(image, tokenIds, paddingMask);
        if (originalSizes.length != frame.size()) {
            throw new IllegalArgumentException(originalSizes.length + " original sizes for " + frame.size() + " samples");
        }
        List<List<Detection>> out = new ArrayList<>();
        double s = config.imgSize();
        for (int i = 0; i < frame.size(); i++) {
            double sx = originalSizes[i][0] / s;
            double sy = originalSizes[i][1] / s;
            out.add(frame.get(i).stream().map(d -> d.scaled(sx, sy)).toList());
        }
        return out;
    }

    /**
     * Every surviving query of each of {@code branches} (clipped, empty boxes dropped, no REC/GREC selection), per
     * sample in the S×S frame, from one forward pass: what an evaluator needs to score both branches of a full graph.
     */
    public Map<Branch, List<List<Detection>>> surviving(INDArray image, INDArray tokenIds, INDArray paddingMask,
                                                        Collection<Branch> branches) {
        Map<String, INDArray> out = run(image, tokenIds, paddingMask, branches);
        int s = config.imgSize();
        Map<Branch, List<List<Detection>>> result = new EnumMap<>(Branch.class);
        for (Branch b : branches) {
            result.put(b, BoxPostProcessor.surviving(out.get(b.logitsOutput()), out.get(b.boxesOutput()), s, s));
        }
        return result;
    }

    /** The raw logits and boxes of the chosen branch. */
    public Map<String, INDArray> run(INDArray image, INDArray tokenIds, INDArray paddingMask) {
        return run(image, tokenIds, paddingMask, List.of(branch));
    }

    /** The raw logits and boxes of {@code branches}, from one forward pass. */
    public Map<String, INDArray> run(INDArray image, INDArray tokenIds, INDArray paddingMask,
                                     Collection<Branch> branches) {
        List<String> outputs = new ArrayList<>();
        for (Branch b : branches) {
            if (!graph.hasVariable(b.logitsOutput())) {
                throw new IllegalArgumentException("this graph has no " + b + " branch");
            }
            outputs.add(b.logitsOutput());
            outputs.add(b.boxesOutput());
        }
        checkShape("image", image, -1, config.inChans(), config.imgSize(), config.imgSize());
        checkShape("token ids", tokenIds, image.size(0), config.maxToken());
        checkShape("padding mask", paddingMask, image.size(0), config.maxToken());
        DataType floatType = graph.getVariable(SimVGGraph.IMAGE).dataType();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SimVGGraph.IMAGE, image.castTo(floatType));
        ph.put(SimVGGraph.TOKEN_IDS, tokenIds.castTo(DataType.INT64));
        ph.put(SimVGGraph.PADDING_MASK, paddingMask.castTo(floatType));
        return graph.output(ph, outputs.toArray(String[]::new));
    }

    private static void checkShape(String what, INDArray a, long... expected) {
        long[] shape = a.shape();
        boolean ok = shape.length == expected.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = expected[i] < 0 || expected[i] == shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected).replace("-1", "B"));
        }
    }
}
