package io.simvg.examples.eval;

import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.examples.JsonOutput;
import io.simvg.examples.model.BranchChoice;
import io.simvg.examples.model.LoadedModel;
import io.simvg.zoo.Task;
import io.simvg.zoo.eval.RecProtocol;
import io.simvg.zoo.predict.Branch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvg eval}: REC Prec@0.5 or GREC Precision/N-acc/T-acc of a model file over a dataset split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model file on a dataset split: REC Prec@0.5 or GREC Precision@(F1=1, IoU>=0.5), "
            + "N-acc and T-acc, over the whole split and as SimVG's mean of per-batch values, per branch.",
            "Progress goes to stderr, the summary to stdout, the full report to --report."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "SimVG model file (simvg convert / simvg train)")
    Path model;

    @Option(names = "--data", required = true,
            description = "dataset file: refs(<by>).p, grefs(<by>).json, annotations/<name>/instances.json, .pth, "
                    + "or a Flickr30K Entities directory")
    Path data;

    @Option(names = "--split", defaultValue = "val", description = "split to evaluate (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--task", description = "REC or GREC scoring (default: REC when every sample has exactly one "
            + "box, else GREC)")
    Task task;

    @Option(names = "--branch", description = "token, decoder or both (default: every branch the model file has)")
    BranchChoice branch;

    @Option(names = "--batch", defaultValue = "32",
            description = "batch size; also SimVG's metric batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--report", description = "write the JSON report here")
    Path report;

    @Option(names = "--per-sample", description = "include every sample's boxes and outcome in the report")
    boolean perSample;

    @Option(names = "--tokenizer", description = "SentencePiece model, when the model file does not use the "
            + "bundled one")
    Path tokenizer;

    @Option(names = "--rec-protocol", defaultValue = "ANY_BOX", description = "REC with several GT boxes (Flickr30K): "
            + "ANY_BOX or MERGED_BOX (default: ${DEFAULT-VALUE})")
    RecProtocol recProtocol;

    @Option(names = "--no-gt-clip", description = "compare with the GT boxes as stored instead of clipped to "
            + "[0,W-1]x[0,H-1] as SimVG's loader does")
    boolean noGtClip;

    @Option(names = "--limit", description = "evaluate only the first N samples of the split")
    Integer limit;

    @Option(names = "--workers", defaultValue = "2", description = "image decoding threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--skip-invalid", description = "leave out unreadable records (counted) instead of stopping")
    boolean skipInvalid;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || workers < 1 || (limit != null && limit < 1)) {
            throw new IllegalArgumentException("--batch, --workers and --limit must be positive");
        }
        if (!Files.exists(data)) {
            throw new IllegalArgumentException("dataset not found: " + data);
        }
        InvalidRecords invalid = InvalidRecords.of(skipInvalid);
        GroundingDatasetReader reader = DatasetFormat.open(data, invalid);
        List<GroundingSample> samples = samples(reader);
        Task scoring = scoring(samples);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel m = LoadedModel.open(model, tokenizer, branch == null ? null : branch.branches())) {
            List<Branch> branches = m.branches();
            GroundingEvaluation evaluation = new GroundingEvaluation(scoring, branches, recProtocol, !noGtClip,
                    perSample);
            EvaluationResult result = evaluation.evaluate(m, samples, batch, workers, invalid, err, "eval " + split);
            out.printf("%s on %s/%s (%s, batch %d)%n", model.getFileName(), reader.name(), split,
                    m.model().manifest().preset(), batch);
            EvaluationReport.print(result, out);
            if (report != null) {
                JsonOutput.write(report, EvaluationReport.tree(result, context(m, reader, scoring), perSample));
                out.println("report written to " + report);
            }
        }
        return 0;
    }

    /** The split's samples, up to {@code --limit}; an unknown or empty split is the user's to fix. */
    private List<GroundingSample> samples(GroundingDatasetReader reader) {
        if (!reader.splits().contains(split)) {
            throw new IllegalArgumentException(data + ": no split '" + split + "' (has " + reader.splits() + ")");
        }
        List<GroundingSample> samples = reader.read(split);
        if (limit != null && samples.size() > limit) {
            samples = samples.subList(0, limit);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(data + ": split '" + split + "' has no samples");
        }
        return samples;
    }

    /** {@code --task}, or the default; REC refuses no-target samples before the model is loaded. */
    private Task scoring(List<GroundingSample> samples) {
        Task scoring = task != null ? task : defaultTask(samples);
        if (scoring == Task.REC) {
            samples.stream().filter(GroundingSample::noTarget).findFirst().ifPresent(s -> {
                throw new IllegalArgumentException(s.source() + ": no target box, which REC cannot score; use "
                        + "--task GREC");
            });
        }
        return scoring;
    }

    /** REC when every sample has exactly one box (RefCOCO family), else GREC (gRefCOCO, multi-box phrases). */
    static Task defaultTask(List<GroundingSample> samples) {
        return samples.stream().allMatch(s -> s.boxes().size() == 1) ? Task.REC : Task.GREC;
    }

    private Map<String, Object> context(LoadedModel m, GroundingDatasetReader reader, Task scoring) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", model.toString());
        c.put("preset", m.model().manifest().preset());
        c.put("model_task", m.model().manifest().task().name());
        c.put("tokenizer", m.tokenizer().toString());
        c.put("data", data.toString());
        c.put("dataset", reader.name());
        c.put("split", split);
        c.put("batch_size", batch);
        if (scoring == Task.REC) {
            c.put("rec_protocol", recProtocol.name());
        }
        c.put("gt_clipped_to_image", !noGtClip);
        return c;
    }
}
