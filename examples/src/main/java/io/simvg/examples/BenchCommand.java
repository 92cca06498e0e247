package io.simvg.examples;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.graph.SimVGGraph;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward latency of SimVG with random weights: median over timed runs after warm-up, per graph variant and batch
 * size, plus peak memory (process RSS high-water mark, JVM heap, native bytes allocated through JavaCPP).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure forward latency and peak memory (random weights).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "BASE_32", description = "TINY, BASE_32, LARGE_32 or a config .json "
            + "(default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--batches", split = ",", defaultValue = "1,8", description = "batch sizes (default: ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--graphs", split = ",", defaultValue = "TOKEN_BRANCH,FULL",
            description = "graph variants: TOKEN_BRANCH, DECODER_BRANCH, FULL (default: ${DEFAULT-VALUE})")
    GraphVariant[] graphs;

    @Option(names = "--runs", defaultValue = "10", description = "timed runs per case (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed runs first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--profile", description = "print the op types taking the most time")
    boolean profile;

    @Override
    public Integer call() throws IOException {
        if (runs < 1 || warmup < 0 || Arrays.stream(batches).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--runs and --batches must be positive, --warmup non-negative");
        }
        SimVGConfig config = Presets.resolve(preset);
        System.out.printf(Locale.ROOT, "SimVG bench: preset %s (D=%d, depth %d, %dx%d input, %d tokens, %d queries), "
                        + "%d cores, backend %s%n", preset, config.embedDim(), config.depth(), config.imgSize(),
                config.imgSize(), config.maxToken(), config.numQueries(), Runtime.getRuntime().availableProcessors(),
                Nd4j.getBackend().getClass().getSimpleName());
        System.out.println("BLAS kernel: " + BlasInfo.describe());
        List<String> rows = new ArrayList<>();
        for (GraphVariant variant : graphs) {
            long t0 = System.nanoTime();
            SameDiff sd = SimVG.builder().config(config).variant(variant).seed(1).build().init();
            System.out.printf(Locale.ROOT, "built %s graph in %.1f s (%d ops)%n", variant,
                    (System.nanoTime() - t0) / 1e9, sd.getOps().size());
            String[] outputs = variant == GraphVariant.DECODER_BRANCH
                    ? new String[] {SimVGGraph.DEC_LOGITS, SimVGGraph.DEC_BOXES}
                    : variant == GraphVariant.TOKEN_BRANCH
                    ? new String[] {SimVGGraph.TOK_LOGITS, SimVGGraph.TOK_BOXES}
                    : new String[] {SimVGGraph.TOK_LOGITS, SimVGGraph.TOK_BOXES, SimVGGraph.DEC_LOGITS,
                        SimVGGraph.DEC_BOXES};
            for (int batch : batches) {
                Map<String, INDArray> ph = inputs(config, batch);
                double[] seconds = new double[runs];
                for (int i = 0; i < warmup + runs; i++) {
                    long s = System.nanoTime();
                    sd.output(ph, outputs);
                    if (i >= warmup) {
                        seconds[i - warmup] = (System.nanoTime() - s) / 1e9;
                    }
                }
                Arrays.sort(seconds);
                double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
                String row = String.format(Locale.ROOT, "%-15s batch %2d: median %7.3f s  (%6.3f s/image, min %.3f, "
                                + "max %.3f, %d runs)", variant, batch, median, median / batch, seconds[0],
                        seconds[runs - 1], runs);
                System.out.println(row);
                rows.add(row);
                if (profile) {
                    OpTimer timer = new OpTimer();
                    sd.setListeners(timer);
                    sd.output(ph, outputs);
                    sd.setListeners();
                    System.out.print(timer.report(1, 15, "pass"));
                }
            }
        }
        System.out.println("---- summary");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "peak memory: process RSS %s, JVM heap %s; native arrays held now %s%n",
                mib(peakRssBytes()), mib(peakHeapBytes()), mib(Pointer.totalBytes()));
        return 0;
    }

    static Map<String, INDArray> inputs(SimVGConfig c, int batch) {
        Nd4j.getRandom().setSeed(7);
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SimVGGraph.IMAGE, Nd4j.randn(DataType.FLOAT, batch, c.inChans(), c.imgSize(), c.imgSize()));
        long[][] ids = new long[batch][c.maxToken()];
        float[][] mask = new float[batch][c.maxToken()];
        java.util.Random r = new java.util.Random(batch);
        for (int b = 0; b < batch; b++) {
            int n = 3 + r.nextInt(c.maxToken() - 2); // <s> + 1..T-2 pieces + </s>
            for (int t = 0; t < c.maxToken(); t++) {
                ids[b][t] = t == 0 ? 0 : t == n - 1 ? 2 : t < n ? 4 + r.nextInt(c.vocabSize() - 4) : 1;
                mask[b][t] = t < n ? 0 : 1;
            }
        }
        ph.put(SimVGGraph.TOKEN_IDS, Nd4j.createFromArray(ids));
        ph.put(SimVGGraph.PADDING_MASK, Nd4j.createFromArray(mask));
        return ph;
    }

    /** VmHWM from /proc/self/status (Linux), else -1. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
