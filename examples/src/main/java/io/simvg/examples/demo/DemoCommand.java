package io.simvg.examples.demo;

import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.examples.eval.EvaluationReport;
import io.simvg.examples.eval.EvaluationResult;
import io.simvg.examples.eval.GroundingEvaluation;
import io.simvg.examples.model.LoadedModel;
import io.simvg.examples.predict.GroundingPredictor;
import io.simvg.examples.predict.GroundingRequest;
import io.simvg.examples.synthetic.BundledShapes;
import io.simvg.examples.synthetic.ShapesLayout;
import io.simvg.examples.viz.BoxPainter;
import io.simvg.examples.viz.DecodedImage;
import io.simvg.zoo.Task;
import io.simvg.zoo.eval.BoxOverlap;
import io.simvg.zoo.eval.GrecEvaluator;
import io.simvg.zoo.eval.GrecSampleResult;
import io.simvg.zoo.eval.RecProtocol;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.Detection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simvg demo}: the embedded default end to end, with no arguments and nothing downloaded. The bundled model
 * grounds a few held-out expressions of the bundled synthetic validation split (REC single-target, GREC multi-target,
 * no-target and single-target), printing boxes and scores and writing annotated PNGs, then scores the whole split:
 * REC Prec@0.5 (also by expression kind) and GREC Precision@(F1=1, IoU≥0.5) / N-acc, through the same readers and
 * metric code as {@code simvg eval}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the embedded demo: a small SimVG trained on the bundled synthetic shapes set grounds "
            + "held-out expressions (REC and GREC), writes annotated PNGs and reports REC Prec@0.5 and GREC "
            + "Precision@(F1=1)/N-acc on the bundled validation split. No arguments, no downloads."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "simvg-demo", description = "where the PNGs and the extracted data go "
            + "(default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--model", description = "a model file to demonstrate instead of the bundled one")
    Path model;

    @Option(names = "--examples", defaultValue = "3", description = "REC examples to show; GREC adds one "
            + "multi-, one no- and one single-target (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--batch", defaultValue = "32", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--branch", description = "branch of the examples: token or decoder (default: the one recorded "
            + "with the bundled model, token with --model); the metrics cover every branch of the model")
    Branch branch;

    @Override
    public Integer call() throws IOException {
        if (examples < 0 || batch < 1) {
            throw new IllegalArgumentException("--examples must be >= 0 and --batch positive");
        }
        long t0 = System.nanoTime();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        ShapesLayout data = BundledShapes.extractTo(out.resolve("data"));
        Path modelFile = model != null ? model : DemoModel.extractTo(out.resolve("model"));
        List<GroundingSample> rec = DatasetFormat.open(data.recInstances(), InvalidRecords.failFast()).read("val");
        List<GroundingSample> grec = DatasetFormat.open(data.grecInstances(), InvalidRecords.failFast()).read("val");

        try (LoadedModel m = LoadedModel.open(modelFile, null, null)) {
            o.printf("model %s (%s %s, %s), bundled synthetic shapes val: %d REC and %d GREC expressions%n%n",
                    modelFile.getFileName(), m.model().manifest().preset(), m.model().manifest().task(),
                    m.model().manifest().createdBy(), rec.size(), grec.size());
            Branch shown = shownBranch();
            o.println("examples from the " + shown.name().toLowerCase(Locale.ROOT) + " branch:");
            showExamples(m, shown, rec, grec, o);

            GroundingEvaluation recEval = new GroundingEvaluation(Task.REC, m.branches(), RecProtocol.ANY_BOX, true,
                    true);
            EvaluationResult recResult = recEval.evaluate(m, rec, batch, 2, InvalidRecords.failFast(), err,
                    "REC val");
            GroundingEvaluation grecEval = new GroundingEvaluation(Task.GREC, m.branches(), RecProtocol.ANY_BOX,
                    true, false);
            EvaluationResult grecResult = grecEval.evaluate(m, grec, batch, 2, InvalidRecords.failFast(), err,
                    "GREC val");
            o.println();
            o.println("REC, " + rec.size() + " expressions (best query, IoU >= 0.5):");
            EvaluationReport.print(recResult, o);
            RecByKind.print(recResult, o);
            o.println("GREC, " + grec.size() + " expressions (score >= 0.7, GIoU >= 0.5, F1 = 1):");
            EvaluationReport.print(grecResult, o);
        }
        o.printf(Locale.ROOT, "%nannotated PNGs in %s; demo took %.1f s%n", out.resolve("examples"),
                (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    /** {@code --branch}, else the bundled model's recorded branch; token for a model given with {@code --model}. */
    private Branch shownBranch() throws IOException {
        if (branch != null) {
            return branch;
        }
        return model != null ? Branch.TOKEN : DemoModel.branch();
    }

    private void showExamples(LoadedModel m, Branch shown, List<GroundingSample> rec, List<GroundingSample> grec,
                              PrintWriter o) throws IOException {
        Path dir = Files.createDirectories(out.resolve("examples"));
        GroundingPredictor best = new GroundingPredictor(m, shown, Task.REC, GrecEvaluator.SCORE_THRESHOLD);
        GroundingPredictor all = new GroundingPredictor(m, shown, Task.GREC, GrecEvaluator.SCORE_THRESHOLD);
        List<Example> picked = new ArrayList<>();
        rec.stream().limit(examples).forEach(s -> picked.add(new Example("REC", s)));
        addFirst(grec, s -> s.boxes().size() > 1, "GREC multi-target", picked);
        addFirst(grec, GroundingSample::noTarget, "GREC no-target", picked);
        addFirst(grec, s -> s.boxes().size() == 1, "GREC single-target", picked);
        BoxPainter painter = new BoxPainter();
        for (int i = 0; i < picked.size(); i++) {
            GroundingSample s = picked.get(i).sample();
            String kind = picked.get(i).kind();
            boolean isRec = kind.equals("REC");
            GroundingPredictor.Result r = (isRec ? best : all).predict(new GroundingRequest(s.image(), s.expression()));
            List<double[]> gt = s.boxes().stream().map(b -> b.clip(r.width() - 1, r.height() - 1).toArray()).toList();
            String verdict = isRec ? recVerdict(r.boxes(), gt) : grecVerdict(r.boxes(), gt);
            o.printf(Locale.ROOT, "[%s] \"%s\"  (%s)%n", kind, s.expression(), s.image().getFileName());
            if (r.boxes().isEmpty()) {
                o.println("    no box scored >= 0.70");
            }
            for (Detection d : r.boxes()) {
                o.printf(Locale.ROOT, "    box (%.0f, %.0f)-(%.0f, %.0f)  score %.2f%n", d.x1(), d.y1(), d.x2(),
                        d.y2(), d.score());
            }
            o.printf(Locale.ROOT, "    ground truth %s -> %s%n", gt.isEmpty() ? "none" : boxes(gt), verdict);
            Path png = dir.resolve(String.format(Locale.ROOT, "%02d-%s.png", i + 1,
                    kind.toLowerCase(Locale.ROOT).replace(' ', '-')));
            BoxPainter.writePng(painter.paint(DecodedImage.read(s.image()), r.boxes(), gt,
                    kind + ": " + s.expression() + "  [" + verdict + "]"), png);
        }
    }

    /** A shown expression and what kind of case it is. */
    private record Example(String kind, GroundingSample sample) {
    }

    private static void addFirst(List<GroundingSample> from, Predicate<GroundingSample> which, String kind,
                                 List<Example> picked) {
        from.stream().filter(which).findFirst().ifPresent(s -> picked.add(new Example(kind, s)));
    }

    private static String recVerdict(List<Detection> boxes, List<double[]> gt) {
        if (boxes.isEmpty()) {
            return "miss";
        }
        Detection d = boxes.get(0);
        double iou = BoxOverlap.iou(new double[] {d.x1(), d.y1(), d.x2(), d.y2()}, gt.get(0));
        return String.format(Locale.ROOT, "IoU %.2f, %s", iou, iou >= 0.5 ? "correct" : "wrong");
    }

    private static String grecVerdict(List<Detection> boxes, List<double[]> gt) {
        GrecSampleResult r = new GrecEvaluator().evaluate(boxes, gt);
        return String.format(Locale.ROOT, "TP %d FP %d FN %d, %s", r.tp(), r.fp(), r.fn(),
                r.success() ? "correct" : "wrong");
    }

    private static String boxes(List<double[]> gt) {
        StringBuilder b = new StringBuilder();
        for (double[] g : gt) {
            b.append(String.format(Locale.ROOT, "(%.0f, %.0f)-(%.0f, %.0f) ", g[0], g[1], g[2], g[3]));
        }
        return b.toString().trim();
    }
}
