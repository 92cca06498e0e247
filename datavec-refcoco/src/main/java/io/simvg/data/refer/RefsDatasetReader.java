package io.simvg.data.refer;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.SampleChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What refer's {@code REFER} and gRefCOCO's {@code G_REFER} share: a refs list plus a COCO {@code instances.json};
 * a sample is one sentence of a ref, in file order, and its image is {@code imageDir/images[image_id].file_name}.
 */
public abstract class RefsDatasetReader implements GroundingDatasetReader {

    private final String name;
    private final Path imageDir;
    private final Path instancesFile;
    protected final InvalidRecords invalid;
    private List<Ref> refs;
    private CocoInstances instances;

    protected RefsDatasetReader(String name, Path instancesFile, Path imageDir, InvalidRecords invalid) {
        this.name = name;
        this.instancesFile = instancesFile;
        this.imageDir = imageDir;
        this.invalid = invalid;
    }

    /** The refs in file order; malformed ones are routed through {@link #invalid}. */
    protected abstract List<Ref> loadRefs();

    /** The target boxes of {@code ref}, empty for no target. */
    protected abstract List<BoxXyxy> boxes(Ref ref, CocoInstances instances);

    @Override
    public String name() {
        return name;
    }

    public Path imageDir() {
        return imageDir;
    }

    @Override
    public List<String> splits() {
        Set<String> stored = new LinkedHashSet<>();
        for (Ref r : refs()) {
            stored.add(r.split());
        }
        return ReferSplits.offered(new ArrayList<>(stored));
    }

    @Override
    public List<GroundingSample> read(String split) {
        if (!ReferSplits.isKnown(split)) {
            throw new IllegalArgumentException(name + ": no such split '" + split + "' (the toolkit accepts train, val, "
                    + "test, testA, testB, testC, testAB, testBC, testAC; this file has " + splits() + ")");
        }
        CocoInstances inst = instances();
        List<GroundingSample> out = new ArrayList<>();
        for (Ref ref : refs()) {
            if (!ReferSplits.matches(split, ref.split())) {
                continue;
            }
            for (Ref.Sentence s : ref.sentences()) {
                RecordSource src = ref.sentenceSource(s);
                try {
                    CocoInstances.Image img = inst.image(ref.imageId(), src);
                    Path image = SampleChecks.resolveInside(imageDir, img.fileName(), src);
                    GroundingSample sample = new GroundingSample(name, split, image, s.sent(), boxes(ref, inst),
                            img.width(), img.height(), src);
                    SampleChecks.check(sample);
                    out.add(sample);
                } catch (GroundingDataException e) {
                    invalid.handle(e);
                }
            }
        }
        invalid.logSummary(name + "/" + split);
        return out;
    }

    /** The box of annotation {@code annId}, checked to belong to the ref's image. */
    protected static BoxXyxy annotationBox(Ref ref, long annId, CocoInstances instances) {
        CocoInstances.Annotation a = instances.annotation(annId, ref.source());
        if (a.imageId() != ref.imageId()) {
            throw new GroundingDataException(ref.source(), "ann_id " + annId + " belongs to image " + a.imageId()
                    + ", the ref to image_id " + ref.imageId());
        }
        double[] b = a.bboxXywh();
        return BoxXyxy.fromXywh(b[0], b[1], b[2], b[3]);
    }

    /** Decodes every element of a refs list, routing malformed ones through {@link #invalid}. */
    protected List<Ref> parseRefs(Object list, Path file) {
        List<Ref> out = new ArrayList<>();
        List<?> elements = Fields.list(list, "refs", new RecordSource(file, "top level"));
        for (int i = 0; i < elements.size(); i++) {
            try {
                out.add(Ref.parse(elements.get(i), file, i));
            } catch (GroundingDataException e) {
                invalid.handle(e);
            }
        }
        return out;
    }

    private synchronized List<Ref> refs() {
        if (refs == null) {
            refs = loadRefs();
        }
        return refs;
    }

    private synchronized CocoInstances instances() {
        if (instances == null) {
            instances = CocoInstances.read(instancesFile);
        }
        return instances;
    }
}
