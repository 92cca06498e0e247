package io.simvg.data.flickr;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.SampleChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Flickr30K Entities in its release layout:
 * <pre>
 * root/Annotations/&lt;id&gt;.xml   root/Sentences/&lt;id&gt;.txt   root/train.txt, val.txt, test.txt (image ids)
 * images/&lt;id&gt;.jpg              (default: root/flickr30k-images or root/flickr30k_images, whichever exists)
 * </pre>
 * A sample is one phrase mention whose chain id has at least one box in the XML (MDETR's filter); boxes are the
 * official python util's, i.e. XML value − 1, and {@link FlickrBoxes} picks all of them or their enclosing box. Order:
 * the split file's image order, then sentence, then phrase. The other phrases are listed by {@link #readSplit}.
 *
 * <p>Invalid input goes to the {@link InvalidRecords} policy, which fails on it or skips and counts it: an image whose
 * XML or sentence file is missing or unreadable (one record), a sentence with broken bracket markup (one record), a
 * phrase whose chain has an unusable XML box or whose image is missing (one record per phrase). A missing split file
 * always fails.
 */
public final class Flickr30kEntitiesReader implements GroundingDatasetReader {

    public static final String NAME = "flickr30k_entities";
    private static final List<String> SPLITS = List.of("train", "val", "test");
    private static final List<String> IMAGE_DIRS = List.of("flickr30k-images", "flickr30k_images");

    private final Path root;
    private final Path imageDir;
    private final FlickrBoxes boxMode;
    private final InvalidRecords invalid;

    /** ANY-BOX, failing on the first invalid record, images found by {@link #detectImageDir}. */
    public Flickr30kEntitiesReader(Path root) {
        this(root, null, FlickrBoxes.ANY_BOX, InvalidRecords.failFast());
    }

    public Flickr30kEntitiesReader(Path root, FlickrBoxes boxMode, InvalidRecords invalid) {
        this(root, null, boxMode, invalid);
    }

    /** @param imageDir the image folder, or {@code null} to {@link #detectImageDir detect} it under {@code root} */
    public Flickr30kEntitiesReader(Path root, Path imageDir, FlickrBoxes boxMode, InvalidRecords invalid) {
        this.root = root;
        this.imageDir = imageDir != null ? imageDir : detectImageDir(root);
        this.boxMode = Objects.requireNonNull(boxMode);
        this.invalid = Objects.requireNonNull(invalid);
    }

    /** {@code root/flickr30k-images} (the Flickr30k release, CLIP-VG) or else {@code root/flickr30k_images} (TransVG). */
    public static Path detectImageDir(Path root) {
        for (String name : IMAGE_DIRS) {
            if (Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        }
        throw new GroundingDataException(root, null, "no image folder: expected " + String.join(" or ", IMAGE_DIRS)
                + "/ here; pass the image folder explicitly");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The splits whose image list ({@code <split>.txt}) exists. */
    @Override
    public List<String> splits() {
        return SPLITS.stream().filter(s -> Files.isRegularFile(root.resolve(s + ".txt"))).toList();
    }

    @Override
    public List<GroundingSample> read(String split) {
        return readSplit(split).samples();
    }

    /** The samples of {@code split} and the phrases dropped because their chain has no box. */
    public FlickrSplit readSplit(String split) {
        List<GroundingSample> samples = new ArrayList<>();
        List<FlickrExclusion> excluded = new ArrayList<>();
        Path list = root.resolve(split + ".txt");
        List<String> lines = readLines(list);
        for (int i = 0; i < lines.size(); i++) {
            String imageId = lines.get(i).strip();
            if (!imageId.isEmpty()) {
                readImage(split, imageId, new RecordSource(list, "line " + (i + 1)), samples, excluded);
            }
        }
        invalid.logSummary(NAME + "/" + split);
        return new FlickrSplit(samples, excluded);
    }

    private void readImage(String split, String imageId, RecordSource listed, List<GroundingSample> samples,
                           List<FlickrExclusion> excluded) {
        FlickrAnnotation annotation;
        List<FlickrSentence> sentences;
        Path sentenceFile;
        Path image;
        try {
            Path xml = SampleChecks.resolveInside(root.resolve("Annotations"), imageId + ".xml", listed);
            sentenceFile = SampleChecks.resolveInside(root.resolve("Sentences"), imageId + ".txt", listed);
            image = SampleChecks.resolveInside(imageDir, imageId + ".jpg", listed);
            annotation = FlickrAnnotationParser.read(xml, imageId);
            sentences = FlickrSentenceParser.read(sentenceFile, imageId, invalid);
        } catch (GroundingDataException e) {
            invalid.handle(e);
            return;
        }
        for (FlickrSentence sentence : sentences) {
            for (FlickrPhrase phrase : sentence.phrases()) {
                if (!annotation.hasBoxes(phrase.phraseId())) {
                    excluded.add(new FlickrExclusion(imageId, sentence.index(), phrase.text(), phrase.phraseId(),
                            FlickrExclusion.reasonFor(phrase.phraseId(), annotation)));
                    continue;
                }
                RecordSource src = new RecordSource(sentenceFile, "image " + imageId + ", " + sentence.describe()
                        + ", phrase '" + phrase.text() + "' (EN#" + phrase.phraseId() + ")");
                try {
                    GroundingSample sample = new GroundingSample(NAME, split, image, phrase.text(),
                            boxes(annotation, phrase.phraseId(), src), annotation.width(), annotation.height(), src);
                    SampleChecks.check(sample);
                    samples.add(sample);
                } catch (GroundingDataException e) {
                    invalid.handle(e);
                }
            }
        }
    }

    private List<BoxXyxy> boxes(FlickrAnnotation annotation, String chainId, RecordSource src) {
        GroundingDataException bad = annotation.badChains().get(chainId);
        if (bad != null) {
            throw new GroundingDataException(src, "chain EN#" + chainId + " has an unusable box: " + bad.getMessage(), bad);
        }
        List<BoxXyxy> chain = annotation.boxes().get(chainId);
        return boxMode == FlickrBoxes.MERGED_BOX ? List.of(BoxXyxy.enclosing(chain)) : chain;
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GroundingDataException(file, null, "split file not found");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GroundingDataException(file, null, "cannot read split file: " + e, e);
        }
    }
}
