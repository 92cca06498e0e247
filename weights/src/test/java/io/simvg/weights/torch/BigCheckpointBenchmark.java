package io.simvg.weights.torch;

import io.simvg.weights.torch.TorchCheckpoint.Precision;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a large checkpoint tensor by tensor and prints the time and the peak Java heap: not a test (no JUnit
 * annotations), run by hand on a file from {@code make_torch_test_files.py --big}:
 * <pre>
 * python3 weights/scripts/make_torch_test_files.py --big /tmp/big.pth
 * mvn -B -q -pl weights dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx256m -cp weights/target/test-classes:weights/target/classes:$(cat /tmp/cp.txt) \
 *      io.simvg.weights.torch.BigCheckpointBenchmark /tmp/big.pth [STORED]
 * </pre>
 * Each array is closed after its checksum, so off-heap memory holds one tensor at a time as well.
 */
public final class BigCheckpointBenchmark {

    private BigCheckpointBenchmark() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Precision precision = args.length > 1 ? Precision.valueOf(args[1]) : Precision.FLOAT32;
        org.nd4j.linalg.factory.Nd4j.create(1); // load the backend before measuring
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        long[] count = new long[2];
        double[] checksum = {0};
        long t1;
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            t1 = System.nanoTime();
            ckpt.forEach(precision, (name, arr) -> {
                count[0]++;
                count[1] += arr.length();
                checksum[0] += arr.getDouble(arr.length() - 1);
                arr.close();
            });
        }
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s (%.1f MB, %s): %d tensors, %d values; open %.2f s, read %.2f s (%.0f MB/s);"
                        + " peak heap %.1f MB (max heap %.0f MB); checksum %.4f%n",
                file, Files.exists(file) ? sizeMb(file) : 0, precision, count[0], count[1], (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, sizeMb(file) / ((t2 - t1) / 1e9), peakHeapMb(),
                Runtime.getRuntime().maxMemory() / 1e6, checksum[0]);
    }

    private static double sizeMb(Path file) {
        try {
            return Files.size(file) / 1e6;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound of the simultaneous peak). */
    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1e6;
    }
}
