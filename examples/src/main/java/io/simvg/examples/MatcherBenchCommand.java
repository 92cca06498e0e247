package io.simvg.examples;

import io.simvg.losses.HungarianMatcher;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Time of the per-image Hungarian matching (cost matrix + assignment) for several query × target sizes. */
@Command(name = "bench-matcher", mixinStandardHelpOptions = true,
        description = "Measure the Hungarian matcher (cost matrix + optimal assignment) per image.")
final class MatcherBenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "10,20,50,100",
            description = "square sizes: queries = targets (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--runs", defaultValue = "200", description = "timed images per size (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        if (runs < 1 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("--runs and --sizes must be positive");
        }
        Random r = new Random(1);
        for (int n : sizes) {
            double[] micros = new double[runs];
            for (int i = -runs / 4; i < runs; i++) { // the first quarter warms up the JIT
                float[][] logits = new float[n][2];
                float[][] boxes = new float[n][];
                float[][] targets = new float[n][];
                for (int q = 0; q < n; q++) {
                    logits[q][0] = (float) r.nextGaussian();
                    logits[q][1] = (float) r.nextGaussian();
                    boxes[q] = randomBox(r);
                    targets[q] = randomBox(r);
                }
                long t = System.nanoTime();
                HungarianMatcher.match(logits, boxes, targets, "bench");
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - t) / 1e3;
                }
            }
            Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "%3d queries x %3d targets: median %9.1f us, p90 %9.1f us (%d images)%n",
                    n, n, micros[runs / 2], micros[(int) (runs * 0.9)], runs);
        }
        return 0;
    }

    private static float[] randomBox(Random r) {
        return new float[] {r.nextFloat(), r.nextFloat(), 0.02f + 0.5f * r.nextFloat(), 0.02f + 0.5f * r.nextFloat()};
    }
}
