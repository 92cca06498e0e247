package io.simvg.examples.predict;

import io.simvg.data.GroundingDataException;
import io.simvg.examples.JsonOutput;
import io.simvg.examples.model.BranchChoice;
import io.simvg.examples.model.LoadedModel;
import io.simvg.examples.viz.BoxPainter;
import io.simvg.examples.viz.DecodedImage;
import io.simvg.zoo.Task;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simvg predict}: boxes for an expression in an image (or for a list of pairs), in original-image pixels, as
 * JSON, optionally drawn into PNGs.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Ground a referring expression in an image with a model file. A REC model returns its best box, "
            + "a GREC model every box scoring at least --threshold (possibly none).",
            "Boxes are x1,y1,x2,y2 in original-image pixels. JSON goes to stdout unless --json is given."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "SimVG model file")
    Path model;

    @Option(names = "--image", description = "image file (with --text)")
    Path image;

    @Option(names = "--text", description = "referring expression (with --image)")
    String text;

    @Option(names = "--batch-file", description = "JSON list of {\"image\": path, \"text\": expression} "
            + "(paths relative to the list); needs --out-dir")
    Path batchFile;

    @Option(names = "--out-dir", description = "batch form: one annotated PNG per item and predictions.json here")
    Path outDir;

    @Option(names = "--branch", defaultValue = "TOKEN", description = "token or decoder (default: ${DEFAULT-VALUE})")
    BranchChoice branch;

    @Option(names = "--threshold", defaultValue = "0.7",
            description = "GREC: keep boxes with score >= this (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--out", description = "single form: write the annotated image here (PNG)")
    Path out;

    @Option(names = "--json", description = "write the JSON here instead of stdout")
    Path json;

    @Option(names = "--tokenizer", description = "SentencePiece model, when the model file does not use the "
            + "bundled one")
    Path tokenizer;

    @Override
    public Integer call() throws IOException {
        boolean single = image != null || text != null;
        if (single == (batchFile != null)) {
            throw new IllegalArgumentException("give either --image and --text, or --batch-file");
        }
        if (single && (image == null || text == null)) {
            throw new IllegalArgumentException("--image and --text go together");
        }
        if (!single && outDir == null) {
            throw new IllegalArgumentException("--batch-file needs --out-dir");
        }
        if (branch == BranchChoice.BOTH) {
            throw new IllegalArgumentException("predict reads one branch: --branch token or --branch decoder");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be in [0, 1], got " + threshold);
        }
        List<GroundingRequest> requests = single ? List.of(new GroundingRequest(image, text))
                : GroundingRequest.readBatchFile(batchFile);
        Branch b = branch.branches().get(0);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (LoadedModel m = LoadedModel.open(model, tokenizer, List.of(b))) {
            GroundingPredictor predictor = new GroundingPredictor(m, b, threshold);
            Task task = m.model().manifest().task();
            BoxPainter painter = new BoxPainter();
            List<Map<String, Object>> results = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                GroundingRequest r = requests.get(i);
                GroundingPredictor.Result result;
                try {
                    result = predictor.predict(r);
                } catch (IllegalArgumentException | GroundingDataException e) {
                    throw new IllegalArgumentException(single ? e.getMessage()
                            : batchFile + " item " + i + ": " + e.getMessage(), e);
                }
                if (result.boxes().isEmpty()) {
                    stderr.println(task == Task.GREC
                            ? String.format(Locale.ROOT, "no box scored >= %.2f for \"%s\" in %s", threshold,
                                    r.text(), r.image())
                            : "no box for \"" + r.text() + "\" in " + r.image() + " (every predicted box was empty)");
                }
                Path png = single ? out : outDir.resolve(String.format(Locale.ROOT, "%03d_%s.png", i,
                        stem(r.image())));
                if (png != null) {
                    BoxPainter.writePng(painter.paint(DecodedImage.read(r.image()), result.boxes(), List.of(),
                            r.text()), png);
                }
                results.add(json(result, task, b, png));
            }
            Object document = single ? results.get(0) : results;
            Path target = json != null ? json : single ? null : outDir.resolve("predictions.json");
            if (target == null) {
                stdout.println(JsonOutput.toString(document));
            } else {
                JsonOutput.write(target, document);
                for (Map<String, Object> r : results) {
                    stdout.printf(Locale.ROOT, "%s \"%s\": %d box(es)%n", r.get("image"), r.get("text"),
                            ((List<?>) r.get("boxes")).size());
                }
                stdout.println("predictions written to " + target);
            }
            stdout.flush();
        }
        return 0;
    }

    private Map<String, Object> json(GroundingPredictor.Result r, Task task, Branch b, Path png) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", r.request().image().toString());
        m.put("text", r.request().text());
        m.put("model", model.toString());
        m.put("task", task.name());
        m.put("branch", b.name().toLowerCase(Locale.ROOT));
        if (task == Task.GREC) {
            m.put("threshold", threshold);
        }
        m.put("width", r.width());
        m.put("height", r.height());
        List<Map<String, Object>> boxes = new ArrayList<>();
        for (Detection d : r.boxes()) {
            boxes.add(JsonOutput.box(d));
        }
        m.put("boxes", boxes);
        if (png != null) {
            m.put("annotated", png.toString());
        }
        return m;
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
