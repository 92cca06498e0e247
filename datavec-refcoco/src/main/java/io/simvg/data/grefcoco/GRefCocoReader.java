package io.simvg.data.grefcoco;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.InvalidRecords;
import io.simvg.data.refer.CocoInstances;
import io.simvg.data.refer.PythonPickle;
import io.simvg.data.refer.Ref;
import io.simvg.data.refer.RefsDatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * gRefCOCO in its published layout: {@code <root>/grefcoco/grefs(<splitBy>).json} (or the {@code .p} pickle, which
 * {@code G_REFER} prefers when present) and {@code <root>/grefcoco/instances.json}; images in
 * {@code <root>/images/train2014/}. A ref lists any number of {@code ann_id}s; {@code [-1]} means no target, which
 * becomes a sample without boxes.
 */
public final class GRefCocoReader extends RefsDatasetReader {

    private static final long NO_TARGET = -1;
    private final Path dir;
    private final String splitBy;

    public GRefCocoReader(Path dataRoot, String splitBy) {
        this(dataRoot, splitBy, dataRoot.resolve("images/train2014"), InvalidRecords.failFast());
    }

    public GRefCocoReader(Path dataRoot, String splitBy, Path imageDir, InvalidRecords invalid) {
        super("grefcoco_" + splitBy, dataRoot.resolve("grefcoco").resolve("instances.json"), imageDir, invalid);
        this.dir = dataRoot.resolve("grefcoco");
        this.splitBy = splitBy;
    }

    @Override
    protected List<Ref> loadRefs() {
        Path pickle = dir.resolve("grefs(" + splitBy + ").p");
        if (Files.isRegularFile(pickle)) {
            return parseRefs(PythonPickle.load(pickle), pickle);
        }
        Path json = dir.resolve("grefs(" + splitBy + ").json");
        try {
            return parseRefs(new ObjectMapper().readValue(json.toFile(), List.class), json);
        } catch (JsonProcessingException e) {
            throw new GroundingDataException(json, null, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GroundingDataException(json, null, Files.exists(json) ? "cannot read: " + e.getMessage()
                    : "file not found (nor " + pickle.getFileName() + ")", e);
        }
    }

    @Override
    protected List<BoxXyxy> boxes(Ref ref, CocoInstances instances) {
        List<Long> ids = ref.annIds();
        if (ids.contains(NO_TARGET)) {
            if (ids.size() != 1) {
                throw new GroundingDataException(ref.source(), "field 'ann_id' mixes the no-target id -1 with targets: " + ids);
            }
            return List.of();
        }
        if (ids.isEmpty()) {
            throw new GroundingDataException(ref.source(), "field 'ann_id' is empty (no target is written [-1])");
        }
        List<BoxXyxy> out = new ArrayList<>();
        for (long id : ids) {
            out.add(annotationBox(ref, id, instances));
        }
        return out;
    }

}
