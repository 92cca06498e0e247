package io.simvg.data.seqtr;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.RecordSource;
import io.simvg.data.SampleChecks;
import io.simvg.data.refer.Fields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The SeqTR / SimVG annotation file {@code annotations/<name>/instances.json} = {@code {split: [entry, ...]}}, the
 * format SimVG trains on. One sample per expression of an entry (SimVG draws one expression of a training entry at
 * random per epoch; val/test entries hold one). {@code bbox} is {@code [x,y,w,h]}; for {@code grefs*} it is a list of
 * such boxes per expression, and an expression whose annotations have {@code category_id == -1} has no target.
 * Boxes are returned as stored; SimVG's clipping to {@code [0,w-1]×[0,h-1]} belongs to the preprocessing.
 */
public final class SeqTrJsonReader implements GroundingDatasetReader {

    private final String name;
    private final Path file;
    private final Path imagesRoot;
    private final InvalidRecords invalid;
    private Map<String, List<?>> splits;

    /** {@code <seqtrRoot>/annotations/<name>/instances.json} with images under {@code <seqtrRoot>/images}. */
    public SeqTrJsonReader(Path seqtrRoot, String name) {
        this(name, seqtrRoot.resolve("annotations").resolve(name).resolve("instances.json"),
                seqtrRoot.resolve("images"), InvalidRecords.failFast());
    }

    public SeqTrJsonReader(String name, Path instancesFile, Path imagesRoot, InvalidRecords invalid) {
        this.name = name;
        this.file = instancesFile;
        this.imagesRoot = imagesRoot;
        this.invalid = invalid;
    }

    @Override
    public String name() {
        return name;
    }

    public boolean isGrec() {
        return name.startsWith("grefs") || name.startsWith("grefcoco");
    }

    @Override
    public List<String> splits() {
        return new ArrayList<>(load().keySet());
    }

    @Override
    public List<GroundingSample> read(String split) {
        List<?> entries = load().get(split);
        if (entries == null) {
            throw new IllegalArgumentException(file + ": no split '" + split + "' (has " + load().keySet() + ")");
        }
        List<GroundingSample> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RecordSource entrySrc = new RecordSource(file, split + "[" + i + "]");
            try {
                Map<?, ?> e = Fields.map(entries.get(i), "entry", entrySrc);
                List<?> expressions = Fields.list(e, "expressions", entrySrc);
                if (expressions.isEmpty()) {
                    throw new GroundingDataException(entrySrc, "field 'expressions' is empty");
                }
                int w = (int) Fields.integer(e, "width", entrySrc);
                int h = (int) Fields.integer(e, "height", entrySrc);
                Path image = SeqTrImages.path(imagesRoot, name, e, entrySrc);
                for (int k = 0; k < expressions.size(); k++) {
                    RecordSource src = new RecordSource(file, split + "[" + i + "] expression " + k);
                    try {
                        Object expr = expressions.get(k);
                        if (!(expr instanceof String text)) {
                            throw new GroundingDataException(src, "field 'expressions' holds a non-string: " + expr);
                        }
                        GroundingSample s = new GroundingSample("seqtr_json/" + name, split, image, text,
                                isGrec() ? grecBoxes(e, k, src) : List.of(box(Fields.required(e, "bbox", src), src)),
                                w, h, src);
                        SampleChecks.check(s);
                        out.add(s);
                    } catch (GroundingDataException ex) {
                        invalid.handle(ex);
                    }
                }
            } catch (GroundingDataException ex) {
                invalid.handle(ex);
            }
        }
        invalid.logSummary(name + "/" + split);
        return out;
    }

    /** Expression {@code k}'s boxes; no target when its annotations carry {@code category_id == -1}. */
    private static List<BoxXyxy> grecBoxes(Map<?, ?> e, int k, RecordSource src) {
        List<?> perExpression = Fields.list(e, "bbox", src);
        if (k >= perExpression.size()) {
            throw new GroundingDataException(src, "field 'bbox' has " + perExpression.size() + " entries for "
                    + (k + 1) + "+ expressions");
        }
        if (isNoTarget(e, k, src)) {
            return List.of();
        }
        List<BoxXyxy> out = new ArrayList<>();
        for (Object b : Fields.list(perExpression.get(k), "bbox", src)) {
            out.add(box(b, src));
        }
        return out;
    }

    private static boolean isNoTarget(Map<?, ?> e, int k, RecordSource src) {
        Object anns = e.get("annotations");
        if (anns == null) {
            return false;
        }
        List<?> perExpression = Fields.list(anns, "annotations", src);
        if (k >= perExpression.size()) {
            throw new GroundingDataException(src, "field 'annotations' has no entry for expression " + k);
        }
        for (Object a : Fields.list(perExpression.get(k), "annotations", src)) {
            Object cat = Fields.map(a, "annotations", src).get("category_id");
            if (cat != null && Fields.integer(cat, "category_id", src) == -1) {
                return true;
            }
        }
        return false;
    }

    private static BoxXyxy box(Object xywh, RecordSource src) {
        double[] b = Fields.four(xywh, "bbox", src);
        return BoxXyxy.fromXywh(b[0], b[1], b[2], b[3]);
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, List<?>> load() {
        if (splits == null) {
            try {
                Object root = new ObjectMapper().readValue(file.toFile(), Object.class);
                if (!(root instanceof Map<?, ?> m)) {
                    throw new GroundingDataException(file, "top level", "expected {split: [entry, ...]}");
                }
                Map<String, List<?>> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    out.put(String.valueOf(en.getKey()), Fields.list(en.getValue(), String.valueOf(en.getKey()),
                            new RecordSource(file, "split " + en.getKey())));
                }
                splits = out;
            } catch (JsonProcessingException e) {
                throw new GroundingDataException(file, null, "malformed JSON at line " + e.getLocation().getLineNr()
                        + ": " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new GroundingDataException(file, null, Files.exists(file) ? "cannot read: " + e.getMessage()
                        : "file not found", e);
            }
        }
        return splits;
    }
}
