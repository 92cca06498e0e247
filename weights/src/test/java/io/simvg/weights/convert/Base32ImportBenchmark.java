package io.simvg.weights.convert;

import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Time of one phase of a BASE_32 import, for its peak memory measured from outside: not a test (no JUnit
 * annotations), run by hand, one phase per JVM, under {@code /usr/bin/time -v} for the peak resident set:
 * <pre>
 * python3 weights/scripts/make_torch_test_files.py --big /tmp/big.pth
 * ./simvg convert --from /tmp/big.pth --preset BASE_32 --task REC --out /tmp/simvg-base.zip
 * mvn -B -q -pl weights dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * /usr/bin/time -v java -Xmx3g -cp weights/target/test-classes:weights/target/classes:$(cat /tmp/cp.txt) \
 *      io.simvg.weights.convert.Base32ImportBenchmark build|import /tmp/big.pth|load /tmp/simvg-base.zip
 * </pre>
 * {@code build}: the graph with its random initialisation alone; {@code import}: that plus streaming the checkpoint
 * in ({@link WeightConverter#load}); {@code load}: {@link SimVG#load} of the model file written by convert.
 */
public final class Base32ImportBenchmark {

    private Base32ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String what = switch (args[0]) {
            case "build" -> {
                SimVG.builder().config(SimVGConfig.BASE_32).build().init();
                yield "build";
            }
            case "import" -> "import, " + WeightConverter.load(Path.of(args[1]), SimVGConfig.BASE_32, null, true)
                    .report().loaded().size() + " tensors";
            case "load" -> "SimVG.load, " + SimVG.load(Path.of(args[1])).manifest().preset();
            default -> throw new IllegalArgumentException("phase: build, import FILE or load FILE");
        };
        System.out.printf(Locale.ROOT, "%s: %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }
}
