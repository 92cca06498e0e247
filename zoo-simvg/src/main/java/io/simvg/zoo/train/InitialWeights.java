package io.simvg.zoo.train;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a run from existing weights, as SimVG's {@code load_from} does (SIMVG.md §2.5: weights only, optimizer and
 * schedule start afresh at epoch 0): a SimVG model file ({@code simvg convert} output or any checkpoint) or an
 * {@code .npz} state dict with official names. Parameters are copied by name, strictly: every parameter must be there
 * with its shape and nothing may be left over, with one exception that two-stage training needs — a stage-2
 * (distillation) run starts from a stage-1 checkpoint of the decoder-branch graph, which has no token branch, so the
 * token-branch parameters keep their fresh initialisation (the official stage-1 model never trains them either).
 */
public final class InitialWeights {

    /** What was loaded, and which parameters kept their initialisation because the file's graph lacks them. */
    public record Result(LoadReport report, List<String> keptInitialisation) {
    }

    private InitialWeights() {
    }

    public static Result load(SimVGTrainer trainer, Path file) throws IOException {
        if (SimVGModelFile.isModelFile(file)) {
            return fromModelFile(trainer, file);
        }
        StateDict dict = StateDict.readNpz(file);
        LoadReport report = StateDictLoader.load(trainer.graph(), dict, trainer.variant(), true, file.toString());
        trainer.weightsReplaced();
        return new Result(report, List.of());
    }

    private static Result fromModelFile(SimVGTrainer trainer, Path file) throws IOException {
        ModelManifest manifest = SimVGModelFile.readManifest(file);
        manifest.requireConfig(trainer.config(), file, "this run trains");
        SimVGModelFile.Loaded loaded = SimVGModelFile.read(file);
        LoadReport report = StateDictLoader.copy(loaded.graph(), trainer.graph(), trainer.variant(), file.toString(),
                false);
        GraphVariant fileVariant = manifest.variant();
        List<String> kept = new ArrayList<>();
        for (String name : report.missing()) {
            if (fileVariant.excludes(name)) {
                kept.add(name);
            }
        }
        boolean onlyAbsentBranch = kept.size() == report.missing().size();
        if (!report.unexpected().isEmpty() || !report.misShaped().isEmpty() || !onlyAbsentBranch) {
            throw new WeightLoadException(report);
        }
        trainer.weightsReplaced();
        return new Result(report, kept);
    }
}
