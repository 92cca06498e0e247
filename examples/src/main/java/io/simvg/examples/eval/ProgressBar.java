package io.simvg.examples.eval;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line text progress bar on stderr ({@code \r}-redrawn), so stdout stays free for results. Redraws only when the
 * shown state changes; {@link #finish()} ends the line.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int shown = -1;

    /** @param total the number of steps expected (batches); at least 1 */
    public ProgressBar(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** Shows {@code done} of the total steps. */
    public void update(int done) {
        int clamped = Math.min(done, total);
        int filled = clamped * WIDTH / total;
        if (clamped == shown) {
            return;
        }
        shown = clamped;
        double seconds = (System.nanoTime() - start) / 1e9;
        String eta = clamped == 0 || clamped == total ? ""
                : String.format(Locale.ROOT, ", ~%.0f s left", seconds / clamped * (total - clamped));
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d (%.1f s%s)   ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), clamped, total, seconds, eta));
        out.flush();
    }

    /** Ends the progress line. */
    public void finish() {
        if (shown >= 0) {
            out.println();
            out.flush();
        }
    }
}
