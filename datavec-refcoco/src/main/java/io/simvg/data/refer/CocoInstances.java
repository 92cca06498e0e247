package io.simvg.data.refer;

import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import org.nd4j.shade.jackson.core.JsonFactory;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.JsonToken;

/**
 * The images and annotations of a COCO-style {@code instances.json}, streamed: segmentations (most of the bytes of the
 * real files) are skipped, so a RefCOCO file costs a few MB of heap instead of its full tree.
 */
public final class CocoInstances {

    /** An image entry: file name (relative to the image directory) and size. */
    public record Image(long id, String fileName, int width, int height) {
    }

    /** An annotation: COCO {@code bbox} is {@code [x, y, w, h]} in pixels. */
    public record Annotation(long id, long imageId, long categoryId, double[] bboxXywh, boolean crowd) {
    }

    private final Path file;
    private final Map<Long, Image> images = new HashMap<>();
    private final Map<Long, Annotation> annotations = new HashMap<>();
    /** Entries that could not be decoded, by id: an error only for the refs that use them (so they can be skipped). */
    private final Map<Long, GroundingDataException> brokenImages = new HashMap<>();
    private final Map<Long, GroundingDataException> brokenAnnotations = new HashMap<>();

    private CocoInstances(Path file) {
        this.file = file;
    }

    public static CocoInstances read(Path file) {
        CocoInstances out = new CocoInstances(file);
        try (JsonParser p = new JsonFactory().createParser(Files.newInputStream(file))) {
            out.parse(p);
        } catch (NoSuchFileException e) {
            throw new GroundingDataException(file, null, "file not found");
        } catch (JsonProcessingException e) {
            throw new GroundingDataException(file, null, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GroundingDataException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public Image image(long id, RecordSource referrer) {
        return lookup(images, brokenImages, id, "image_id", referrer);
    }

    public Annotation annotation(long id, RecordSource referrer) {
        return lookup(annotations, brokenAnnotations, id, "ann_id", referrer);
    }

    private <T> T lookup(Map<Long, T> entries, Map<Long, GroundingDataException> broken, long id, String field,
                         RecordSource referrer) {
        GroundingDataException e = broken.get(id);
        if (e != null) {
            throw new GroundingDataException(referrer, "uses a malformed entry: " + e.getMessage(), e);
        }
        T found = entries.get(id);
        if (found == null) {
            throw new GroundingDataException(referrer, field + " " + id + " is not in " + file);
        }
        return found;
    }

    public int imageCount() {
        return images.size();
    }

    public int annotationCount() {
        return annotations.size();
    }

    private void parse(JsonParser p) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT, "top level");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.getCurrentName();
            JsonToken t = p.nextToken();
            if (key.equals("images")) {
                expect(p, t, JsonToken.START_ARRAY, key);
                readEntries(p, key, CocoInstances::image, Image::id, images, brokenImages);
            } else if (key.equals("annotations")) {
                expect(p, t, JsonToken.START_ARRAY, key);
                readEntries(p, key, CocoInstances::annotation, Annotation::id, annotations, brokenAnnotations);
            } else {
                p.skipChildren();
            }
        }
    }

    /** Decodes every object of the array {@code key}; a malformed one is kept under its id in {@code broken}. */
    private <T> void readEntries(JsonParser p, String key, BiFunction<Map<String, Object>, RecordSource, T> decode,
                                 ToLongFunction<T> id, Map<Long, T> into, Map<Long, GroundingDataException> broken)
            throws IOException {
        int i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, Object> m = readFlat(p);
            RecordSource src = new RecordSource(file, key + "[" + i++ + "]");
            try {
                T entry = decode.apply(m, src);
                into.put(id.applyAsLong(entry), entry);
            } catch (GroundingDataException e) {
                broken.put(Fields.integer(m, "id", src), e);
            }
        }
    }

    /** Reads one object's scalar fields and its {@code bbox}; nested values such as segmentations are skipped. */
    private static Map<String, Object> readFlat(JsonParser p) throws IOException {
        Map<String, Object> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.getCurrentName();
            JsonToken t = p.nextToken();
            if (key.equals("bbox") && t == JsonToken.START_ARRAY) {
                java.util.List<Object> box = new java.util.ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    box.add(p.getCurrentToken().isNumeric() ? p.getNumberValue() : p.getText());
                }
                m.put(key, box);
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t.isNumeric()) {
                m.put(key, p.getNumberValue());
            } else if (t == JsonToken.VALUE_STRING) {
                m.put(key, p.getText());
            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                m.put(key, t == JsonToken.VALUE_TRUE);
            }
        }
        return m;
    }

    private static Image image(Map<String, Object> m, RecordSource src) {
        long id = Fields.integer(m, "id", src);
        RecordSource at = new RecordSource(src.file(), "image id " + id);
        return new Image(id, Fields.string(m, "file_name", at), (int) Fields.integer(m, "width", at),
                (int) Fields.integer(m, "height", at));
    }

    private static Annotation annotation(Map<String, Object> m, RecordSource src) {
        long id = Fields.integer(m, "id", src);
        RecordSource at = new RecordSource(src.file(), "annotation id " + id);
        Object crowd = m.get("iscrowd");
        return new Annotation(id, Fields.integer(m, "image_id", at), Fields.integer(m, "category_id", at),
                Fields.four(Fields.required(m, "bbox", at), "bbox", at),
                crowd instanceof Number n && n.intValue() == 1 || Boolean.TRUE.equals(crowd));
    }

    private void expect(JsonParser p, JsonToken actual, JsonToken wanted, String where) {
        if (actual != wanted) {
            throw new GroundingDataException(file, where, "expected " + wanted + " but found " + actual
                    + " at line " + p.getCurrentLocation().getLineNr());
        }
    }
}
