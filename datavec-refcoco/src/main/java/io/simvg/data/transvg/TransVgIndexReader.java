package io.simvg.data.transvg;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.SampleChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The TransVG / CLIP-VG preprocessed index of one dataset:
 * <pre>
 * splitRoot/&lt;ds&gt;/&lt;ds&gt;_&lt;split&gt;.pth        (splitRoot = TransVG's data/)
 * imageRoot/other/images/mscoco/images/train2014/  unc, unc+, gref, gref_umd   (imageRoot = ln_data/)
 * imageRoot/referit/images/                        referit
 * imageRoot/Flickr30k/flickr30k_images/            flickr (or CLIP-VG's flickr30k-images/)
 * </pre>
 * One sample per stored tuple, in file order. The expression is the stored phrase as it is (TransVG lower-cases it
 * later); the box is converted by the {@link TransVgBoxRule}. The files do not state image sizes, so samples carry 0.
 * Split {@code trainval} is train followed by val, except for referit, which has its own {@code referit_trainval.pth}.
 *
 * <p>A missing, truncated or non-torch index file always fails; a bad tuple (wrong field types, zero-area box, missing
 * image) goes to the {@link InvalidRecords} policy, which fails on it or skips and counts it.
 */
public final class TransVgIndexReader implements GroundingDatasetReader {

    public static final String NAME_PREFIX = "transvg_pth/";
    private static final List<String> SPLIT_ORDER = List.of("train", "val", "trainval", "test", "testA", "testB", "testC");

    private final Path splitRoot;
    private final Path imageDir;
    private final TransVgDataset dataset;
    private final TransVgBoxRule boxRule;
    private final InvalidRecords invalid;

    /** Exact boxes, failing on the first invalid record. */
    public TransVgIndexReader(Path splitRoot, Path imageRoot, TransVgDataset dataset) {
        this(splitRoot, imageRoot, dataset, TransVgBoxRule.EXACT, InvalidRecords.failFast());
    }

    public TransVgIndexReader(Path splitRoot, Path imageRoot, TransVgDataset dataset, TransVgBoxRule boxRule,
                              InvalidRecords invalid) {
        this.splitRoot = splitRoot;
        this.dataset = Objects.requireNonNull(dataset);
        this.imageDir = imageDir(imageRoot, dataset);
        this.boxRule = Objects.requireNonNull(boxRule);
        this.invalid = Objects.requireNonNull(invalid);
    }

    private static Path imageDir(Path imageRoot, TransVgDataset dataset) {
        List<String> candidates = dataset.layout.imageDirs;
        return candidates.stream().map(imageRoot::resolve).filter(Files::isDirectory).findFirst()
                .orElse(imageRoot.resolve(candidates.get(0)));
    }

    /** {@code transvg_pth/<ds>}, e.g. {@code transvg_pth/unc+}. */
    @Override
    public String name() {
        return NAME_PREFIX + dataset.dirName();
    }

    /** The splits with an index file, plus {@code trainval} where it can be built from train and val. */
    @Override
    public List<String> splits() {
        List<String> splits = new ArrayList<>();
        String prefix = dataset.dirName() + "_";
        try (Stream<Path> files = Files.list(splitRoot.resolve(dataset.dirName()))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".pth") && Files.isRegularFile(f)) {
                    splits.add(name.substring(prefix.length(), name.length() - ".pth".length()));
                }
            }
        } catch (IOException e) {
            return List.of(); // no folder for this dataset, so no splits
        }
        if (!dataset.hasOwnTrainval()) {
            splits.remove("trainval");
            if (splits.contains("train") && splits.contains("val")) {
                splits.add("trainval");
            }
        }
        splits.sort(Comparator.comparingInt((String s) -> SPLIT_ORDER.contains(s) ? SPLIT_ORDER.indexOf(s) : SPLIT_ORDER.size())
                .thenComparing(Comparator.naturalOrder()));
        return splits;
    }

    @Override
    public List<GroundingSample> read(String split) {
        List<GroundingSample> samples = new ArrayList<>();
        if (split.equals("trainval") && !dataset.hasOwnTrainval()) {
            readFile("trainval", indexFile("train"), samples);
            readFile("trainval", indexFile("val"), samples);
        } else {
            readFile(split, indexFile(split), samples);
        }
        invalid.logSummary(name() + "/" + split);
        return samples;
    }

    /** {@code splitRoot/<ds>/<ds>_<split>.pth}. */
    public Path indexFile(String split) {
        return splitRoot.resolve(dataset.dirName()).resolve(dataset.dirName() + "_" + split + ".pth");
    }

    private void readFile(String split, Path file, List<GroundingSample> out) {
        if (!Files.isRegularFile(file)) {
            throw new GroundingDataException(file, null, "index file not found (split '" + split + "' of " + name() + ")");
        }
        if (!(TorchPickleFile.load(file) instanceof List<?> tuples)) {
            throw new GroundingDataException(file, null, "the saved object is not a list of tuples");
        }
        for (int i = 0; i < tuples.size(); i++) {
            RecordSource src = new RecordSource(file, "tuple " + i);
            try {
                GroundingSample sample = sample(split, TransVgTuple.of(tuples.get(i), dataset.layout, src));
                SampleChecks.check(sample);
                out.add(sample);
            } catch (GroundingDataException e) {
                invalid.handle(e);
            }
        }
    }

    private GroundingSample sample(String split, TransVgTuple t) {
        Path image = SampleChecks.resolveInside(imageDir, t.imageFile(), t.source());
        return new GroundingSample(name(), split, image, t.phrase(), List.of(box(t)), 0, 0, t.source());
    }

    private BoxXyxy box(TransVgTuple t) {
        double[] v = boxRule == TransVgBoxRule.TRUNCATE ? t.truncatedBox() : t.box();
        return dataset.layout.xywh ? BoxXyxy.fromXywh(v[0], v[1], v[2], v[3]) : new BoxXyxy(v[0], v[1], v[2], v[3]);
    }
}
