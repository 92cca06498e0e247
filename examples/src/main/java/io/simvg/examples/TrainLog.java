package io.simvg.examples;

import io.simvg.zoo.train.StepResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code train-log.jsonl} in the output directory: one JSON object per training step ({@code "type":"step"}: epoch,
 * step, every loss term, W_dt, gradient norm, learning rates, images/s) and per epoch ({@code "type":"epoch"},
 * with the validation loss when there is validation data), and one {@code "type":"run"} record each time the
 * command starts: its arguments, the step it starts from and the recipe in force, so that a run trained in segments
 * (several {@code --resume} invocations, perhaps with other learning rates) keeps its whole history. Appended, so a
 * resumed run continues the file. Numbers are written with Java's shortest exact decimal form, so values read back
 * are the ones computed.
 */
final class TrainLog implements AutoCloseable {

    static final String FILE = "train-log.jsonl";

    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter out;

    TrainLog(Path dir) throws IOException {
        out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    void step(StepResult r, double seconds) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "step");
        m.put("epoch", r.epoch() + 1);
        m.put("step", r.globalStep());
        m.put("loss", r.loss());
        m.put("terms", r.terms());
        m.put("w_dt", Double.isNaN(r.distillWeight()) ? null : r.distillWeight());
        m.put("grad_norm", r.gradNorm());
        m.put("lr", r.learningRate());
        m.put("encoder_lr", r.encoderLearningRate());
        m.put("batch", r.batchSize());
        m.put("seconds", seconds);
        m.put("images_per_s", r.batchSize() / seconds);
        Map<String, Double> phases = new LinkedHashMap<>();
        r.phaseNanos().forEach((k, v) -> phases.put(k, v / 1e9));
        phases.put("data", Math.max(0, seconds - r.nanos() / 1e9));
        m.put("phase_seconds", phases);
        m.put("rss_mb", residentMegabytes());
        Runtime rt = Runtime.getRuntime();
        m.put("heap_mb", (rt.totalMemory() - rt.freeMemory()) / 1_000_000);
        write(m);
    }

    /** Resident memory of this process (Linux {@code /proc/self/status}), or -1 where unavailable. */
    static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1000;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The start of one {@code simvg train} invocation. */
    void run(List<String> arguments, long fromStep, Map<String, Object> recipe) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "run");
        m.put("arguments", arguments);
        m.put("from_step", fromStep);
        m.put("recipe", recipe);
        write(m);
    }

    void epoch(Map<String, Object> summary) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.putAll(summary);
        write(m);
    }

    /** A checkpoint written within an epoch ({@code --checkpoint-every}). */
    void checkpoint(long step, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "checkpoint");
        m.put("step", step);
        m.put("file", file.toString());
        write(m);
    }

    private void write(Map<String, Object> m) throws IOException {
        out.write(json.writeValueAsString(m));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
