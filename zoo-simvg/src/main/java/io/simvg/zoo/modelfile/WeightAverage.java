package io.simvg.zoo.modelfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The uniform average of the weights of several model files of one architecture: checkpoint averaging, or a "model
 * soup" of runs fine-tuned from one starting point. Averaging only makes sense for such related weights; files of
 * unrelated runs average into a model that predicts nothing.
 */
public final class WeightAverage {

    private WeightAverage() {
    }

    /**
     * Reads {@code files} (two or more model files of one architecture, graph variant and tokenizer) and returns the
     * first one's graph holding the mean of every trainable parameter, with a manifest naming the sources.
     *
     * @param createdBy the command recorded in the manifest
     */
    public static SimVGModelFile.Loaded of(List<Path> files, String createdBy) throws IOException {
        if (files.size() < 2) {
            throw new IllegalArgumentException("averaging needs at least two model files, got " + files.size());
        }
        SimVGModelFile.Loaded first = SimVGModelFile.read(files.get(0));
        ModelManifest m = first.manifest();
        SameDiff sum = first.graph();
        for (Path file : files.subList(1, files.size())) {
            SimVGModelFile.Loaded other = SimVGModelFile.read(file);
            requireSameModel(m, files.get(0), other.manifest(), file);
            add(sum, other.graph(), file);
        }
        for (SDVariable v : sum.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                v.getArr().divi(files.size());
            }
        }
        String sources = files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        return new SimVGModelFile.Loaded(ModelManifest.of(m.config(), m.variant(), m.tokenizer(),
                "average of " + sources, createdBy), sum);
    }

    private static void requireSameModel(ModelManifest first, Path firstFile, ModelManifest other, Path file)
            throws IOException {
        other.requireConfig(first.config(), file, "averaging with " + firstFile + " needs");
        if (other.variant() != first.variant() || !other.tokenizer().equals(first.tokenizer())) {
            throw new IOException(file + ": holds a " + other.variant() + " graph with tokenizer " + other.tokenizer()
                    + ", but " + firstFile + " a " + first.variant() + " graph with tokenizer " + first.tokenizer());
        }
    }

    private static void add(SameDiff sum, SameDiff other, Path file) throws IOException {
        for (SDVariable v : sum.variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            SDVariable o = other.hasVariable(v.name()) ? other.getVariable(v.name()) : null;
            if (o == null || o.getVariableType() != VariableType.VARIABLE) {
                throw new IOException(file + ": has no parameter " + v.name());
            }
            INDArray a = v.getArr();
            INDArray b = o.getArr();
            if (!Arrays.equals(a.shape(), b.shape())) {
                throw new IOException(file + ": parameter " + v.name() + " has shape " + Arrays.toString(b.shape())
                        + ", expected " + Arrays.toString(a.shape()));
            }
            a.addi(b.castTo(a.dataType()));
        }
    }
}
