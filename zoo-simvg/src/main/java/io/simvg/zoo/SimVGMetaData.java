package io.simvg.zoo;

import java.util.Arrays;
import java.util.List;

/**
 * Input and output description of a SimVG graph (the counterpart of DL4J's {@code ModelMetaData}).
 *
 * @param inputNames  placeholder names, in the order of {@link #inputShapes}
 * @param inputShapes per-sample shapes (without the batch axis): image {@code [C,S,S]}, ids {@code [T]}, mask {@code [T]}
 * @param outputNames named outputs of the graph
 */
public record SimVGMetaData(List<String> inputNames, long[][] inputShapes, List<String> outputNames) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("inputs:");
        for (int i = 0; i < inputNames.size(); i++) {
            sb.append(' ').append(inputNames.get(i)).append(Arrays.toString(inputShapes[i]));
        }
        return sb.append(" outputs: ").append(outputNames).toString();
    }
}
