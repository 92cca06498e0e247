package io.simvg.data.refer;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.InvalidRecords;
import java.nio.file.Path;
import java.util.List;

/**
 * RefCOCO, RefCOCO+, RefCOCOg and ReferItGame (refclef) in the refer toolkit's layout:
 * {@code <root>/<dataset>/refs(<splitBy>).p} (a Python-2 pickle) and {@code <root>/<dataset>/instances.json}; images in
 * {@code <root>/images/mscoco/images/train2014/} or, for refclef, {@code <root>/images/saiapr_tc-12/}. The box of a ref
 * is its annotation's COCO {@code bbox}.
 */
public final class ReferReader extends RefsDatasetReader {

    private final Path refsFile;

    public ReferReader(Path dataRoot, String dataset, String splitBy) {
        this(dataRoot, dataset, splitBy, defaultImageDir(dataRoot, dataset), InvalidRecords.failFast());
    }

    public ReferReader(Path dataRoot, String dataset, String splitBy, Path imageDir, InvalidRecords invalid) {
        super(dataset + "_" + splitBy, dataRoot.resolve(dataset).resolve("instances.json"), imageDir, invalid);
        this.refsFile = dataRoot.resolve(dataset).resolve("refs(" + splitBy + ").p");
    }

    /** refer's {@code IMAGE_DIR}: SAIAPR TC-12 for refclef, COCO train2014 for the others. */
    public static Path defaultImageDir(Path dataRoot, String dataset) {
        return dataset.equals("refclef") ? dataRoot.resolve("images/saiapr_tc-12")
                : dataRoot.resolve("images/mscoco/images/train2014");
    }

    @Override
    protected List<Ref> loadRefs() {
        return parseRefs(PythonPickle.load(refsFile), refsFile);
    }

    @Override
    protected List<BoxXyxy> boxes(Ref ref, CocoInstances instances) {
        if (ref.annIds().size() != 1) {
            throw new GroundingDataException(ref.source(), "field 'ann_id' must be one id, is " + ref.annIds());
        }
        return List.of(annotationBox(ref, ref.annIds().get(0), instances));
    }
}
