package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.train.SimVGTrainer;
import io.simvg.zoo.train.TrainingCheckpoint;
import io.simvg.zoo.train.TrainingProgress;
import io.simvg.zoo.train.TrainingRecipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.graph.UIEventSubtype;
import org.nd4j.graph.ui.LogFileWriter;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine;

/**
 * {@code simvg train} end to end on real files through the real reader (the SeqTR RefCOCO sample: 3 records,
 * 6 expressions), with the TINY model: the loss falls, a run stopped by {@code --max-steps} and resumed takes exactly
 * the step an uninterrupted run takes, the UI stats file gets the loss curves, and bad input is one line with exit 2.
 */
class TrainCommandTest {

    static final Path DATA = Path.of(System.getProperty("simvg.datasets.samples", "../shared/fixtures/datasets"))
            .resolve("seqtr/annotations/refcoco-unc/instances.json");

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(List<String> args) {
        CommandLine cl = SimVGCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(new String[0]));
    }

    /** Common options: TINY, 2 batches of 3 per epoch, no jitter, a high learning rate without warm-up. */
    private static List<String> options(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", DATA.toString(), "--preset", "TINY", "--batch", "3",
                "--epochs", "12", "--lr", "2e-3", "--warmup", "0", "--no-jitter", "--seed", "12", "--workers", "1",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    /** The step records of a run's log by step number. */
    static Map<Long, JsonNode> steps(Path out) throws IOException {
        Map<Long, JsonNode> m = new TreeMap<>();
        for (JsonNode n : records(out, "step")) {
            m.put(n.get("step").asLong(), n);
        }
        return m;
    }

    /** The log's records of one type, in order. */
    private static List<JsonNode> records(Path out, String type) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve(TrainLog.FILE))) {
            JsonNode n = json.readTree(line);
            if (n.get("type").asText().equals(type)) {
                found.add(n);
            }
        }
        return found;
    }

    @Test
    void lossFallsAndAResumedRunContinuesExactly() throws IOException {
        Path full = dir.resolve("full");
        assertEquals(0, run(options(full)), err.toString());
        Map<Long, JsonNode> a = steps(full);
        assertEquals(24, a.size(), "12 epochs of 2 batches");
        double first = 0;
        double last = 0;
        for (long s = 1; s <= 4; s++) {
            first += a.get(s).get("loss").asDouble() / 4;
            last += a.get(20 + s).get("loss").asDouble() / 4;
        }
        assertTrue(last < 0.85 * first, "mean loss of steps 1-4 " + first + ", of steps 21-24 " + last);
        assertTrue(Files.isRegularFile(full.resolve("epoch-12.zip")) && Files.isRegularFile(full.resolve("latest.zip")));

        // Stop in the middle of epoch 3, then resume from OUT/latest.zip for one more step. Checkpoints every step
        // within an epoch: after steps 1 and 3 (2 and 4 end an epoch, 5 is the stop).
        Path split = dir.resolve("split");
        Path ui = split.resolve("ui-stats.bin");
        assertEquals(0, run(options(split, "--max-steps", "5", "--ui", ui.toString(), "--checkpoint-every", "1")),
                err.toString());
        assertEquals(List.of(1L, 3L), records(split, "checkpoint").stream().map(n -> n.get("step").asLong()).toList());
        assertEquals(2, TrainingCheckpoint.readInfo(split.resolve("latest.zip")).progress().epoch());
        assertEquals(1, TrainingCheckpoint.readInfo(split.resolve("latest.zip")).progress().batchInEpoch());
        // The resumed step runs with the op profiler on: it reports op times and changes no number.
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream was = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run(options(split, "--resume", "--max-steps", "6", "--ui", ui.toString(), "--profile")),
                    err.toString());
        } finally {
            System.setOut(was);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("op time per step: ") && printed.contains("matmul_bp"), printed);
        Map<Long, JsonNode> b = steps(split);
        assertEquals(6, b.size());
        for (long s = 1; s <= 6; s++) {
            assertEquals(a.get(s).get("loss").asText(), b.get(s).get("loss").asText(), "loss of step " + s);
            assertEquals(a.get(s).get("terms"), b.get(s).get("terms"), "terms of step " + s);
        }
        assertEquals(a.get(6L).get("lr").asDouble(), b.get(6L).get("lr").asDouble());
        // Each invocation logged its arguments, its first step and its recipe: the run's history.
        List<JsonNode> runs = records(split, "run");
        assertEquals(List.of(0L, 5L), runs.stream().map(n -> n.get("from_step").asLong()).toList());
        assertEquals("--resume", runs.get(1).get("arguments").get(options(split).size()).asText());
        assertEquals("--profile", runs.get(1).get("arguments").get(options(split).size() + 5).asText());
        assertEquals(2e-3, runs.get(1).get("recipe").get("lr").asDouble());
        assertEquals(12, runs.get(1).get("recipe").get("epochs").asInt());

        // UI stats: the three top-level terms and their sum for each of the 6 iterations, across both runs.
        Map<Integer, Integer> lossEvents = new TreeMap<>();
        for (var e : new LogFileWriter(ui.toFile()).readEvents()) {
            if (e.getFirst().eventSubType() == UIEventSubtype.LOSS) {
                lossEvents.merge(e.getFirst().iteration(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(0, 4, 1, 4, 2, 4, 3, 4, 4, 4, 5, 4), lossEvents);
    }

    @Test
    void plainAdamIsAskedForAndKeptOnResume() throws IOException {
        Path out = dir.resolve("plain");
        assertEquals(0, run(options(out, "--no-amsgrad", "--max-steps", "1")), err.toString());
        assertFalse(records(out, "run").get(0).get("recipe").get("amsgrad").asBoolean());
        assertFalse(TrainingCheckpoint.readInfo(out.resolve("latest.zip")).recipe().amsgrad());
        assertUserError(options(out, "--resume", "--amsgrad", "--max-steps", "2"),
                "cannot resume with a recipe that changes AMSGrad");
    }

    private void assertUserError(List<String> args, String expected) {
        err.getBuffer().setLength(0);
        assertEquals(2, run(args), err.toString());
        String e = err.toString();
        assertTrue(e.startsWith("simvg: ") && e.contains(expected), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Path out = dir.resolve("out");
        assertUserError(List.of("train", "--data", dir.resolve("missing.json").toString(), "--preset", "TINY",
                "--out", out.toString()), "missing.json: data file not found");
        assertUserError(List.of("train", "--data", DATA.toString(), "--preset", "TINIEST", "--out", out.toString()),
                "unknown preset 'TINIEST'");
        Path smallVocab = dir.resolve("small-vocab.json");
        Map<String, Object> cfg = SimVGConfig.TINY.toBuilder().vocabSize(500).build().toJsonMap();
        Files.writeString(smallVocab, new ObjectMapper().writeValueAsString(cfg));
        assertUserError(List.of("train", "--data", DATA.toString(), "--preset", smallVocab.toString(), "--out",
                out.toString()), "produces 802 ids but the custom model's text embedding has 500 rows");

        Path ckpt = dir.resolve("tiny.zip");
        TrainingCheckpoint.write(ckpt, SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults()),
                "bundled:simvg-small.spm", "");
        assertUserError(List.of("train", "--data", DATA.toString(), "--preset", "DEMO", "--task", "REC", "--resume",
                ckpt.toString(), "--out", out.toString()), ckpt + ": checkpoint of a TINY REC model, but DEMO REC");
        assertUserError(List.of("train", "--data", DATA.toString(), "--preset", "DEMO", "--task", "REC", "--init",
                ckpt.toString(), "--out", out.toString()), ckpt + ": holds a TINY REC model, but this run trains DEMO REC");
        assertUserError(List.of("train", "--data", DATA.toString(), "--preset", "TINY", "--resume", "--out",
                out.toString()), "latest.zip: no checkpoint to resume from");

        // Stopped after batch 5 of an epoch of a larger set: these 6 samples at batch 3 cannot continue that epoch.
        SimVGTrainer midEpoch = SimVGTrainer.create(SimVGConfig.TINY, TrainingRecipe.defaults());
        midEpoch.setProgress(new TrainingProgress(0, 5, 5, 12, null));
        Path other = dir.resolve("other-data.zip");
        TrainingCheckpoint.write(other, midEpoch, "bundled:simvg-small.spm", "");
        assertUserError(options(out, "--resume", other.toString()), other + ": resumes epoch 1 after batch 5, but 6 "
                + "samples at batch 3 give 2 batches per epoch; resume with the data it was trained on");
        assertFalse(Files.exists(out.resolve("latest.zip")));
    }
}
