package io.simvg.examples;

import java.io.PrintStream;

/**
 * Drops the line SameDiff M2.1 prints to {@code System.out} for every op of a new gradient function
 * ("Added differentiated op ...", unconditional in {@code SameDiff.createGradFunction}, thousands of lines for SimVG)
 * while a command runs, passing everything else through.
 */
final class SameDiffNoiseFilter extends PrintStream implements AutoCloseable {

    private static final String NOISE = "Added differentiated op";
    private final PrintStream original;

    private SameDiffNoiseFilter(PrintStream original) {
        super(original, true);
        this.original = original;
    }

    /** Installs the filter on {@code System.out}; {@link #close()} restores the original stream. */
    static SameDiffNoiseFilter install() {
        SameDiffNoiseFilter f = new SameDiffNoiseFilter(System.out);
        System.setOut(f);
        return f;
    }

    @Override
    public void println(String x) {
        if (x == null || !x.startsWith(NOISE)) {
            super.println(x);
        }
    }

    @Override
    public void close() {
        flush();
        System.setOut(original);
    }
}
