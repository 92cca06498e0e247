package io.simvg.examples;

import io.simvg.examples.synthetic.BundledShapes;
import io.simvg.examples.synthetic.GenerationSummary;
import io.simvg.examples.synthetic.ShapesLayout;
import io.simvg.examples.synthetic.SyntheticGroundingSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the synthetic coloured-shapes grounding data set in the SeqTR/SimVG and gRefCOCO formats. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic grounding data set: coloured shapes on textured",
            "backgrounds with REC and GREC (multi-target, no-target) expressions, written",
            "in the formats DatasetFormat.open reads:",
            "  DIR/annotations/shapes/instances.json          REC  (SeqTR/SimVG json)",
            "  DIR/annotations/grefs_shapes/instances.json    GREC (SimVG gRefCOCO json)",
            "  DIR/grefcoco/grefs(unc).json, instances.json   GREC (gRefCOCO)",
            "  DIR/images/mscoco/train2014/, images/train2014/  the JPEGs (hard links)",
            "Same seed and options give byte-identical files."})
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output directory (created; existing files are overwritten)")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "128", description = "image side in pixels, 64 to 1024 (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--train", defaultValue = "2000", description = "training images (default: ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--val", defaultValue = "200", description = "validation images (default: ${DEFAULT-VALUE})")
    int val;

    @Option(names = "--testA", defaultValue = "0", description = "testA images (default: ${DEFAULT-VALUE})")
    int testA;

    @Option(names = "--colours-per-scene", defaultValue = "6", description = "at most N colours in one image, 1 to 6 "
            + "(default: ${DEFAULT-VALUE} = any); fewer make colour alone rarely enough, so the expressions need the "
            + "shapes' kinds (harder training sets)")
    int coloursPerScene;

    @Option(names = "--sizes-per-scene", defaultValue = "2", description = "at most N size classes in one image, 1 or "
            + "2 (default: ${DEFAULT-VALUE} = any); with --colours-per-scene 1, only kind and position tell shapes "
            + "apart")
    int sizesPerScene;

    @Option(names = "--max-shapes", defaultValue = "5", description = "at most N shapes in one image, 2 to 5 "
            + "(default: ${DEFAULT-VALUE}); 2 or 3 make the spatial expressions easier (a first training set)")
    int maxShapes;

    @Option(names = "--rec-mix", defaultValue = "50,20,15,15", split = ",", description = "relative weights of the "
            + "REC expression kinds colour+shape, size, relation, position (default: ${DEFAULT-VALUE}); 0 leaves a "
            + "kind out, e.g. 0,0,1,1 for spatial expressions only")
    double[] recMix;

    @Option(names = "--bundle", description = "also pack the result into this zip, as the bundled split is packed")
    Path bundle;

    @Override
    public Integer call() throws IOException {
        SyntheticGroundingSet set = SyntheticGroundingSet.builder().seed(seed).imageSize(size).images("train", train)
                .images("val", val).images("testA", testA).coloursPerScene(coloursPerScene)
                .sizesPerScene(sizesPerScene).maxShapes(maxShapes)
                .recMix(mixWeight(0), mixWeight(1), mixWeight(2), mixWeight(3))
                .progress(System.out)
                .build();
        GenerationSummary summary = set.writeTo(out);
        System.out.println(summary);
        ShapesLayout layout = new ShapesLayout(out);
        System.out.println("REC:  " + layout.recInstances());
        System.out.println("GREC: " + layout.grecInstances() + " and " + layout.grefs());
        if (bundle != null) {
            BundledShapes.pack(out, bundle);
            System.out.println("packed: " + bundle);
        }
        return 0;
    }

    private double mixWeight(int kind) {
        if (recMix.length != 4) {
            throw new IllegalArgumentException("--rec-mix needs 4 comma-separated weights (colour+shape, size, "
                    + "relation, position), got " + recMix.length);
        }
        return recMix[kind];
    }
}
