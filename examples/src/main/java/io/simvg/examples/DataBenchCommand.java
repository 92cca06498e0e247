package io.simvg.examples;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.simvg.data.BoxXyxy;
import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.image.LargeScaleJitter;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.pipeline.SimVGBatchIterator;
import io.simvg.data.text.Beit3Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Throughput of the input pipeline: decode + jitter + resize + normalise + tokenize + batch, images per second. */
@Command(name = "bench-data", mixinStandardHelpOptions = true,
        description = "Measure the data pipeline (decode, resize to S x S, normalise, tokenize, batch) in images/s.")
final class DataBenchCommand implements Callable<Integer> {

    @Option(names = "--data", description = "a dataset file (refs(unc).p, instances.json, .pth, ...); "
            + "default: synthetic 640x480 JPEGs written to a temporary directory")
    Path data;

    @Option(names = "--split", defaultValue = "train", description = "split of --data (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--tokenizer", description = "SentencePiece model (beit3.spm); default: the bundled small model")
    Path tokenizerModel;

    @Option(names = "--size", defaultValue = "640", description = "output image size S (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--workers", split = ",", defaultValue = "1,2", description = "worker threads to try (default: ${DEFAULT-VALUE})")
    int[] workers;

    @Option(names = "--batch", defaultValue = "16", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--images", defaultValue = "256", description = "images per timed pass (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--jitter", description = "training mode: large-scale jitter on single-box samples")
    boolean jitter;

    @Override
    public Integer call() throws IOException {
        if (size < 1 || batch < 1 || images < 1) {
            throw new IllegalArgumentException("--size, --batch and --images must be positive");
        }
        Path tmp = null;
        List<GroundingSample> samples;
        if (data != null) {
            samples = DatasetFormat.open(data, InvalidRecords.failFast()).read(split);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException(data + ": split " + split + " has no samples");
            }
        } else {
            tmp = Files.createTempDirectory("simvg-bench-data");
            samples = syntheticSamples(tmp, Math.min(images, 64));
            System.out.printf(Locale.ROOT, "synthetic set: %d JPEGs of 640x480 in %s%n", samples.size(), tmp);
        }
        List<GroundingSample> pass = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            pass.add(samples.get(i % samples.size()));
        }
        SimVGPreprocessor pre = new SimVGPreprocessor(size, jitter ? LargeScaleJitter.simvg(size) : null);
        try (Beit3Tokenizer tok = tokenizerModel == null ? Beit3Tokenizer.bundled() : Beit3Tokenizer.load(tokenizerModel)) {
            for (int w : workers) {
                run(pass, tok, pre, w, true);
                double perSecond = run(pass, tok, pre, w, false);
                System.out.printf(Locale.ROOT, "S=%d, batch %d, %d worker(s): %.1f images/s (%d images)%n",
                        size, batch, w, perSecond, pass.size());
            }
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
        return 0;
    }

    private double run(List<GroundingSample> pass, Beit3Tokenizer tok, SimVGPreprocessor pre, int w, boolean warmUp) {
        List<GroundingSample> use = warmUp ? pass.subList(0, Math.min(pass.size(), 2 * batch)) : pass;
        long t0 = System.nanoTime();
        int n = 0;
        try (SimVGBatchIterator it = SimVGBatchIterator.builder(use, tok).preprocessor(pre).batchSize(batch)
                .workers(w).maxBoxes(maxBoxes(use)).seed(1).build()) {
            while (it.hasNext()) {
                n += (int) it.next().getFeatures(0).size(0);
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static int maxBoxes(List<GroundingSample> samples) {
        return Math.max(1, samples.stream().mapToInt(s -> s.boxes().size()).max().orElse(1));
    }

    /** Noise-textured 640x480 JPEGs (quality 95, about the size of a COCO photo) with one box each. */
    private static List<GroundingSample> syntheticSamples(Path dir, int count) {
        Random r = new Random(1);
        List<GroundingSample> out = new ArrayList<>();
        String[] words = {"the red circle on the left", "a small blue square", "green triangle above the star"};
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "img%03d.jpg", i));
            try (Mat m = new Mat(480, 640, opencv_core.CV_8UC3); UByteIndexer idx = m.createIndexer()) {
                for (int y = 0; y < 480; y++) {
                    for (int x = 0; x < 640; x++) {
                        for (int c = 0; c < 3; c++) {
                            idx.put(y, x, c, (x * (c + 1) + y * (3 - c) + r.nextInt(64)) & 0xFF);
                        }
                    }
                }
                imwrite(file.toString(), m);
            }
            double x1 = r.nextInt(400), y1 = r.nextInt(300);
            out.add(new GroundingSample("synthetic", "bench", file, words[i % words.length],
                    List.of(new BoxXyxy(x1, y1, x1 + 40 + r.nextInt(200), y1 + 40 + r.nextInt(170))), 640, 480,
                    new RecordSource(file, "synthetic " + i)));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
