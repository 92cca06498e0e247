package io.simvg.examples;

import io.simvg.zoo.train.StepResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The one-line training progress on stderr, rewritten in place with a carriage return: epoch, step of the run, loss
 * and its top-level terms, W_dt, learning rate, images per second and the time left.
 */
final class ProgressLine {

    private final PrintStream err;
    private final int epochs;
    private final long totalSteps;
    private int lastLength;
    private double secondsPerStep = Double.NaN;

    ProgressLine(PrintStream err, int epochs, long totalSteps) {
        this.err = err;
        this.epochs = epochs;
        this.totalSteps = totalSteps;
    }

    /** Shows {@code r}; {@code seconds} is the wall time of the step including waiting for its batch. */
    void show(StepResult r, List<String> terms, double seconds) {
        // The first step includes building the gradient function; later steps are averaged.
        secondsPerStep = Double.isNaN(secondsPerStep) || r.globalStep() <= 2 ? seconds
                : 0.8 * secondsPerStep + 0.2 * seconds;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f", r.epoch() + 1, epochs,
                r.globalStep(), totalSteps, r.loss()));
        for (String t : terms) {
            sb.append(String.format(Locale.ROOT, " %s %.4f", t.replace("loss_", ""), r.term(t)));
        }
        if (!Double.isNaN(r.distillWeight())) {
            sb.append(String.format(Locale.ROOT, " W_dt %.3f", r.distillWeight()));
        }
        sb.append(String.format(Locale.ROOT, " lr %.2e %.2f img/s ETA %s", r.learningRate(), r.batchSize() / seconds,
                duration((totalSteps - r.globalStep()) * secondsPerStep)));
        String line = sb.toString();
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** Erases the line (before a summary is printed on stdout). */
    void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
