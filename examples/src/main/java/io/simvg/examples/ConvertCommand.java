package io.simvg.examples;

import io.simvg.weights.convert.SourceKind;
import io.simvg.weights.convert.WeightConverter;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvg convert}: published weights (PyTorch, ONNX, npz) → a SimVG model file with its manifest. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert BEiT-3 or SimVG weights (PyTorch .pth/.zip, ONNX, .npz) into a SimVG model file "
            + "(SameDiff model + manifest.json with preset, task, source and Adler32 checksums).",
            "A BEiT-3 backbone (beit3.* names, e.g. beit3_base_patch16_224.zip) gets the 224/16 -> S/P conversion "
            + "and a freshly initialised head; a SimVG checkpoint (vis_enc.*, head.*) is taken whole.",
            "A SimVG model file may differ from the preset in image and patch size (its position grid and patch "
            + "kernel are resized, the kernel keeping its sum), text pooling, text position code and dropout, e.g. "
            + "to fine-tune it with smaller patches or the intended text pooling; with --lenient also in task (REC <-> "
            + "GREC: query_embed keeps its initialisation)."})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "source weights: .pth/.pt/.zip/.bin, .onnx, .npz, or a model "
            + "file / training checkpoint (written without its trainer state)")
    Path from;

    @Option(names = "--preset", defaultValue = "BASE_32",
            description = "TINY, DEMO, BASE_32, LARGE_32 or a config .json (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--task", defaultValue = "REC", description = "REC (1 query) or GREC (10 queries) "
            + "(default: ${DEFAULT-VALUE})")
    Task task;

    @Option(names = "--out", required = true, description = "model file to write, e.g. simvg-base.zip")
    Path out;

    @Option(names = "--kind", description = "simvg or beit3 (default: decided from the parameter names)")
    String kind;

    @Option(names = "--lenient", description = "write even when tensors are missing, left over or mis-shaped "
            + "(they are listed); default: strict")
    boolean lenient;

    @Option(names = "--tokenizer", description = "tokenizer recorded in the manifest (default: "
            + ModelManifest.BUNDLED_TOKENIZER + " for its " + ModelManifest.BUNDLED_VOCABULARY
            + "-id vocabulary, else beit3.spm)")
    String tokenizer;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new IOException(from + ": source weights not found");
        }
        SimVGConfig config = Presets.resolve(preset).withTask(task);
        SourceKind sourceKind = kind == null ? null : parseKind(kind);
        String tok = tokenizer != null ? tokenizer
                : config.vocabSize() == ModelManifest.BUNDLED_VOCABULARY ? ModelManifest.BUNDLED_TOKENIZER : "beit3.spm";
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        err.println("reading " + from + " into a " + SimVGConfig.presetName(config) + " " + task + " model ...");
        WeightConverter.Result r = WeightConverter.load(from, config, sourceKind, !lenient);
        SimVGConfig stored = r.adaptedFrom();
        if (stored != null) {
            err.println("adapted: " + differences(stored, config)
                    + (WeightConverter.resizesPatches(stored, config)
                    ? " (position grid and patch kernel resized, the kernel keeping its sum)" : ""));
        }
        long t1 = System.nanoTime();
        err.println("writing " + out + " ...");
        ModelManifest m = SimVGModelFile.write(out, r.graph(), ModelManifest.of(config, GraphVariant.FULL, tok,
                from.getFileName().toString(), "simvg convert --from " + from.getFileName() + " --preset " + preset
                        + " --task " + task));
        long t2 = System.nanoTime();
        o.printf(Locale.ROOT, "%s: %s source, %d tensors loaded, %d kept their initialisation, "
                        + "%d ignored%n", out, r.kind().name().toLowerCase(Locale.ROOT), r.report().loaded().size(),
                r.report().partial().size(), r.report().ignored().size());
        if (!r.report().isComplete()) {
            o.println("incomplete (--lenient): " + r.report());
        }
        o.printf(Locale.ROOT, "manifest: preset %s, task %s, tokenizer %s, model Adler32 %d%n",
                m.preset(), m.task(), m.tokenizer(), m.checksums().get(SimVGModelFile.MODEL_ENTRY));
        o.printf(Locale.ROOT, "build + load %.1f s, write %.1f s, %d bytes%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, Files.size(out));
        o.println("load it with SimVG.load(Path.of(\"" + out + "\")) or SimVG.builder().config(...)"
                + ".build().initPretrained(path)");
        o.flush();
        return 0;
    }

    /** "field a -> b" for every setting in which the two configurations differ. */
    private static String differences(SimVGConfig from, SimVGConfig to) {
        Map<String, Object> a = from.toJsonMap();
        Map<String, Object> b = to.toJsonMap();
        return a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k)))
                .map(k -> k + " " + a.get(k) + " -> " + b.get(k)).collect(Collectors.joining(", "));
    }

    private static SourceKind parseKind(String s) {
        try {
            return SourceKind.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --kind '" + s + "' (expected simvg or beit3)");
        }
    }
}
