package io.simvg.weights.convert;

import io.simvg.weights.onnx.OnnxGraph;
import io.simvg.weights.onnx.OnnxWeightLoader;
import io.simvg.weights.torch.Beit3Conversion;
import io.simvg.weights.torch.TorchCheckpoint;
import io.simvg.weights.torch.TorchWeightLoader;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Turns weights into a SimVG model file: a PyTorch checkpoint ({@code .pth}, {@code .pt}, {@code .zip}, {@code .bin}),
 * an ONNX export or an {@code .npz} state dict, holding either a whole SimVG model or a pretrained BEiT-3 backbone
 * (told apart by parameter names), or a SimVG model file / training checkpoint (its trainer state is left out). The graph is built for the requested configuration, the weights are
 * streamed into it, and the result is written with its manifest.
 */
public final class WeightConverter {

    /**
     * A converted model: the graph with its weights, how the source was read, the load report, and the architecture
     * of a model file that was adapted to the requested one ({@link #adapts}; null otherwise).
     */
    public record Result(SameDiff graph, SourceKind kind, LoadReport report, SimVGConfig adaptedFrom) {

        Result(SameDiff graph, SourceKind kind, LoadReport report) {
            this(graph, kind, report, null);
        }
    }

    private WeightConverter() {
    }

    /**
     * Builds the FULL graph of {@code config} and loads {@code source} into it.
     *
     * @param kind   null: decided from the parameter names
     * @param strict fail on anything missing, left over or mis-shaped (a BEiT-3 source still leaves the head at its
     *               initialisation, as SimVG does when it starts training)
     */
    public static Result load(Path source, SimVGConfig config, SourceKind kind, boolean strict) throws IOException {
        if (!java.nio.file.Files.isRegularFile(source)) {
            throw new IOException(source + ": source weights not found");
        }
        SameDiff sd = SimVG.builder().config(config).build().init();
        if (SimVGModelFile.isModelFile(source)) {
            return fromModelFile(source, config, sd, strict);
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            SourceKind k = kind != null ? kind : SourceKind.ofNames(OnnxGraph.read(source).initializers().keySet());
            LoadReport r = k == SourceKind.SIMVG
                    ? OnnxWeightLoader.load(sd, source, GraphVariant.FULL, strict)
                    : OnnxWeightLoader.loadBeit3(sd, source, config, strict);
            return new Result(sd, k, r);
        }
        if (name.endsWith(".npz")) {
            StateDict dict = StateDict.readNpz(source);
            SourceKind k = kind != null ? kind : SourceKind.ofNames(dict.asMap().keySet());
            LoadReport r = k == SourceKind.SIMVG
                    ? StateDictLoader.load(sd, dict, GraphVariant.FULL, strict, source.toString())
                    : TorchWeightLoader.loadBeit3(sd, v -> dict.asMap().forEach(v), source.toString(), config, strict);
            return new Result(sd, k, r);
        }
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(source)) {
            SourceKind k = kind != null ? kind : SourceKind.ofNames(ckpt.names());
            LoadReport r = k == SourceKind.SIMVG
                    ? TorchWeightLoader.load(sd, ckpt::forEach, source.toString(), GraphVariant.FULL, strict)
                    : TorchWeightLoader.loadBeit3(sd, ckpt::forEach, source.toString(), config, strict);
            return new Result(sd, k, r);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model file or training checkpoint: its parameters by name (checksums verified, trainer state left behind), so
     * a checkpoint becomes a plain model file. The stored architecture must be {@code config}, or differ from it only
     * where {@link #adapts} allows: then the position grid and patch kernel are resized as for a BEiT-3 backbone (the
     * kernel keeping its sum) when the image or patch size differs, and every other tensor is taken as it is.
     */
    private static Result fromModelFile(Path source, SimVGConfig config, SameDiff sd, boolean strict)
            throws IOException {
        SimVGModelFile.Loaded file = SimVGModelFile.read(source);
        SimVGConfig stored = file.manifest().config();
        SimVGConfig adaptedFrom = adapts(stored, config) ? stored : null;
        if (adaptedFrom == null) {
            file.manifest().requireConfig(config, source, "the conversion asks for");
        }
        if (!resizesPatches(stored, config)) {
            LoadReport report = StateDictLoader.copy(file.graph(), sd, GraphVariant.FULL, source.toString(), strict);
            return new Result(sd, SourceKind.SIMVG, report, adaptedFrom);
        }
        Beit3Conversion resize = new Beit3Conversion(config.imgSize(), config.patchSize(), true);
        StateDictLoader.Session session = StateDictLoader.begin(sd, GraphVariant.FULL, source.toString());
        StateDictLoader.parameters(file.graph()).forEach((name, v) -> session.accept(name,
                name.startsWith(TorchWeightLoader.ENCODER_PREFIX)
                        ? resize.apply(name.substring(TorchWeightLoader.ENCODER_PREFIX.length()), v.getArr())
                        : v.getArr()));
        return new Result(sd, SourceKind.SIMVG, session.finish(strict), adaptedFrom);
    }

    /**
     * True when a trained model of {@code stored} architecture can become one of {@code wanted}: they differ, but only
     * in image and patch size (the position grid and patch kernel are resized, as SimVG starts from BEiT-3's 224/16)
     * and in settings without parameters: the text pooling and position code (official quirk or intended), dropout
     * and drop-path; and in the number of queries (REC ↔ GREC), where {@code query_embed} does not fit: a strict
     * load names it, a lenient one leaves it at its initialisation. Meant for fine-tuning a trained model at another
     * resolution, for the other task or with the intended behaviour.
     */
    public static boolean adapts(SimVGConfig stored, SimVGConfig wanted) {
        return !stored.equals(wanted) && stored.toBuilder().imgSize(wanted.imgSize()).patchSize(wanted.patchSize())
                .textPooling(wanted.textPooling()).textPositionCode(wanted.textPositionCode())
                .dropPathRate(wanted.dropPathRate()).headDropout(wanted.headDropout()).numQueries(wanted.numQueries())
                .build().equals(wanted);
    }

    /** True when adapting {@code stored} to {@code wanted} resizes the position grid and the patch kernel. */
    public static boolean resizesPatches(SimVGConfig stored, SimVGConfig wanted) {
        return stored.imgSize() != wanted.imgSize() || stored.patchSize() != wanted.patchSize();
    }

    /** What {@link #convert} wrote and how the source was read. */
    public record Written(ModelManifest manifest, SourceKind kind, LoadReport report) {
    }

    /** {@link #load} then {@link SimVGModelFile#write}: the model file {@code out} and its manifest. */
    public static Written convert(Path source, SimVGConfig config, SourceKind kind, boolean strict,
                                        String tokenizer, Path out, String createdBy) throws IOException {
        Result r = load(source, config, kind, strict);
        ModelManifest manifest = ModelManifest.of(config, GraphVariant.FULL, tokenizer,
                source.getFileName().toString(), createdBy);
        return new Written(SimVGModelFile.write(out, r.graph(), manifest), r.kind(), r.report());
    }
}
