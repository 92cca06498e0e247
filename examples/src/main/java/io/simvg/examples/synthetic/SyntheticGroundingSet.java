package io.simvg.examples.synthetic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic visual-grounding data set of coloured shapes on textured backgrounds, written in the published formats
 * so that training and evaluation go through the project's real readers. It is the data the {@code simvg demo} model
 * learns from: REC expressions ("the small blue square", "the red circle left of the blue square", "the leftmost
 * circle") and GREC ones ("all green triangles", "the two red shapes", "the purple star" when there is none), each
 * evaluated on the scene before it is kept.
 *
 * <pre>{@code
 * GenerationSummary s = SyntheticGroundingSet.builder().seed(7).imageSize(128)
 *         .images("train", 4000).images("val", 200).build().writeTo(Path.of("shapes"));
 * DatasetFormat.open(new ShapesLayout(Path.of("shapes")).recInstances(), InvalidRecords.failFast()).read("val");
 * }</pre>
 * The file layout is {@link ShapesLayout}'s. Deterministic: the same seed, size and counts give byte-identical files.
 * Each image draws from its own random stream (seed, split, index), so a split does not depend on the size of the
 * others; only the expression-kind quotas run through a split in order.
 */
public final class SyntheticGroundingSet {

    /** Split names, as gRefCOCO spells them; also the order in which splits are written. */
    public static final List<String> SPLITS = List.of("train", "val", "testA", "testB");
    public static final int MIN_IMAGE_SIZE = 64;
    public static final int MAX_IMAGE_SIZE = 1024;
    /** Image ids are {@code (split number) * IDS_PER_SPLIT + index + 1}, so ids never collide between splits. */
    static final int IDS_PER_SPLIT = 1_000_000;

    private final long seed;
    private final int imageSize;
    private final int coloursPerScene;
    private final int sizesPerScene;
    private final int maxShapes;
    private final Map<ExpressionKind, Double> recShares;
    private final Map<String, Integer> counts;
    private final PrintStream progress;

    private SyntheticGroundingSet(Builder b) {
        this.seed = b.seed;
        this.imageSize = b.imageSize;
        this.coloursPerScene = b.coloursPerScene;
        this.sizesPerScene = b.sizesPerScene;
        this.maxShapes = b.maxShapes;
        this.recShares = b.recShares;
        this.counts = new LinkedHashMap<>();
        for (String s : SPLITS) {
            if (b.counts.containsKey(s)) {
                counts.put(s, b.counts.get(s));
            }
        }
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The splits with a positive image count, in {@link #SPLITS} order. */
    public List<String> splits() {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    }

    /** The scenes and expressions of {@code split}, without writing anything. */
    public List<AnnotatedImage> generate(String split) {
        SplitGenerator g = new SplitGenerator(split);
        List<AnnotatedImage> out = new ArrayList<>();
        for (int i = 0; i < count(split); i++) {
            out.add(g.next(i));
        }
        return out;
    }

    /**
     * Writes images and annotation files under {@code out} (created if needed; files of an earlier run are
     * overwritten) and returns the counts.
     *
     * @throws IOException naming the directory or file that could not be written
     */
    public GenerationSummary writeTo(Path out) throws IOException {
        long start = System.nanoTime();
        ShapesLayout layout = new ShapesLayout(prepare(out));
        try {
            Files.createDirectories(layout.seqtrImageDir());
        } catch (IOException e) {
            throw new IOException("cannot create image directory " + layout.seqtrImageDir() + ": "
                    + JsonFiles.reason(e), e);
        }
        Map<String, List<AnnotatedImage>> written = new LinkedHashMap<>();
        Map<String, GenerationSummary.SplitCounts> counted = new LinkedHashMap<>();
        for (String split : splits()) {
            SplitGenerator g = new SplitGenerator(split);
            List<AnnotatedImage> images = new ArrayList<>();
            int n = count(split);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                AnnotatedImage img = g.next(i);
                String name = ShapesLayout.fileName(img.imageId());
                Path file = layout.seqtrImageDir().resolve(name);
                try {
                    Files.write(file, SceneRenderer.jpeg(SceneRenderer.render(img.scene())));
                    layout.mirror(name);
                } catch (IOException e) {
                    throw new IOException("cannot write image " + file + ": " + JsonFiles.reason(e), e);
                }
                images.add(img);
                report(split, i + 1, n, t0);
            }
            written.put(split, images);
            counted.put(split, GenerationSummary.SplitCounts.of(images));
        }
        SeqTrRecWriter.write(layout.recInstances(), written);
        SeqTrGrecWriter.write(layout.grecInstances(), written);
        GRefCocoWriter.write(layout, written);
        return new GenerationSummary(counted, (System.nanoTime() - start) / 1e9);
    }

    private static Path prepare(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("output " + out + " exists and is not a directory");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create output directory " + out + ": " + JsonFiles.reason(e), e);
        }
        if (!Files.isWritable(out)) {
            throw new IOException("output directory " + out + " is not writable");
        }
        return out;
    }

    private void report(String split, int done, int total, long t0) {
        int step = Math.max(1, total / 10);
        if (progress != null && (done % step == 0 || done == total) && total >= 100) {
            progress.printf(Locale.ROOT, "%s: %d/%d images (%.0f images/s)%n", split, done, total,
                    done / ((System.nanoTime() - t0) / 1e9));
        }
    }

    private int count(String split) {
        Integer n = counts.get(split);
        if (n == null) {
            throw new IllegalArgumentException("no split '" + split + "' in this data set (has " + splits() + ")");
        }
        return n;
    }

    /** The images of one split in order; holds the split's expression quotas. */
    private final class SplitGenerator {
        private final String split;
        private final int splitNumber;
        private final SceneSampler sampler = new SceneSampler(imageSize, coloursPerScene, sizesPerScene, maxShapes);
        private final ExpressionPlanner planner = new ExpressionPlanner(recShares);

        SplitGenerator(String split) {
            this.split = split;
            this.splitNumber = SPLITS.indexOf(split) + 1;
        }

        AnnotatedImage next(int index) {
            long s = (seed * 0x9E3779B97F4A7C15L + splitNumber) * 0x9E3779B97F4A7C15L + index;
            SplittableRandom r = new SplittableRandom(s);
            Scene scene = sampler.sample(r);
            SingularCandidates candidates = new SingularCandidates(scene);
            List<GroundedExpression> rec = planner.rec(scene, candidates, r);
            GroundedExpression grec = planner.grec(scene, candidates, r);
            return new AnnotatedImage(split, (long) splitNumber * IDS_PER_SPLIT + index + 1, scene, rec, List.of(grec));
        }
    }

    /** Settings; {@link #images} is required for at least one split. */
    public static final class Builder {
        private long seed = 1;
        private int imageSize = 128;
        private int coloursPerScene = ShapeColour.values().length;
        private int sizesPerScene = ShapeSize.values().length;
        private int maxShapes = SceneSampler.MAX_SHAPES;
        private Map<ExpressionKind, Double> recShares = ExpressionPlanner.DEFAULT_REC_SHARES;
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private PrintStream progress;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Side of the square images in pixels (64 to 1024, default 128); shape sizes scale with it. */
        public Builder imageSize(int pixels) {
            if (pixels < MIN_IMAGE_SIZE || pixels > MAX_IMAGE_SIZE) {
                throw new IllegalArgumentException("image size must be in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE
                        + "] pixels, got " + pixels);
            }
            this.imageSize = pixels;
            return this;
        }

        /**
         * At most this many colours per scene (1 to 6, default 6 = any). Fewer colours make colour alone rarely
         * enough to single a shape out, so the expressions depend on the shapes' kinds: harder training sets.
         */
        public Builder coloursPerScene(int n) {
            this.coloursPerScene = perScene("colours", n, 1, ShapeColour.values().length);
            return this;
        }

        /**
         * At most this many size classes per scene (1 or 2, default 2 = any). With one size class and one colour,
         * only a shape's kind and position tell it apart: sets that train shape recognition directly.
         */
        public Builder sizesPerScene(int n) {
            this.sizesPerScene = perScene("sizes", n, 1, ShapeSize.values().length);
            return this;
        }

        /**
         * At most this many shapes per scene (2 to 5, default 5). Scenes of two or three shapes make position and
         * relation expressions easier: a set to teach the spatial words before the full one.
         */
        public Builder maxShapes(int n) {
            this.maxShapes = perScene("shapes", n, SceneSampler.MIN_SHAPES, SceneSampler.MAX_SHAPES);
            return this;
        }

        /**
         * Relative weights of the REC expression kinds (default 50 : 20 : 15 : 15). A kind of weight 0 is never used;
         * weighting relations and positions up gives sets that train spatial reasoning.
         */
        public Builder recMix(double colourShape, double size, double relation, double position) {
            double[] w = {colourShape, size, relation, position};
            ExpressionKind[] kinds = {ExpressionKind.COLOUR_SHAPE, ExpressionKind.SIZE, ExpressionKind.RELATION,
                    ExpressionKind.POSITION};
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                    throw new IllegalArgumentException("REC mix weight of " + kinds[i]
                            + " must be finite and >= 0, got " + w[i]);
                }
                sum += w[i];
            }
            if (sum <= 0) {
                throw new IllegalArgumentException("REC mix weights must not all be 0");
            }
            Map<ExpressionKind, Double> shares = new EnumMap<>(ExpressionKind.class);
            for (int i = 0; i < w.length; i++) {
                if (w[i] > 0) {
                    shares.put(kinds[i], w[i] / sum);
                }
            }
            this.recShares = shares;
            return this;
        }

        private static int perScene(String what, int n, int min, int max) {
            if (n < min || n > max) {
                throw new IllegalArgumentException(what + " per scene must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        }

        /** Number of images of {@code split} (one of {@link #SPLITS}); 0 leaves the split out. */
        public Builder images(String split, int count) {
            if (!SPLITS.contains(split)) {
                throw new IllegalArgumentException("unknown split '" + split + "'; use one of " + SPLITS);
            }
            if (count < 0 || count >= IDS_PER_SPLIT) {
                throw new IllegalArgumentException("image count of split " + split + " must be in [0, "
                        + (IDS_PER_SPLIT - 1) + "], got " + count);
            }
            counts.put(split, count);
            return this;
        }

        /** Where to print progress lines for splits of 100+ images; none by default. */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        public SyntheticGroundingSet build() {
            if (counts.values().stream().noneMatch(n -> n > 0)) {
                throw new IllegalArgumentException("no images requested: give at least one split a positive count");
            }
            return new SyntheticGroundingSet(this);
        }
    }
}
