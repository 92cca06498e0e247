package io.simvg.data.datavec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.DatasetFormat;
import io.simvg.data.ExpectedSamples;
import io.simvg.data.GroundingDataException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Every dataset and split of the fixtures through the DataVec record reader, opened only from the file a user would
 * point at (the format is detected), compared with the official loaders' output.
 */
class GroundingRecordReaderTest {

    @TestFactory
    Stream<DynamicTest> everyFormatThroughDataVec() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : ExpectedSamples.datasetKeys((k, d) -> true)) {
            JsonNode splits = ExpectedSamples.dataset(key).get("splits");
            for (Iterator<String> it = splits.fieldNames(); it.hasNext(); ) {
                String split = it.next();
                tests.add(DynamicTest.dynamicTest(key + "/" + split, () -> {
                    Path file = datasetFile(key, splits);
                    GroundingRecordReader rr = new GroundingRecordReader(split);
                    Configuration conf = new Configuration();
                    conf.set(GroundingRecordReader.SPLIT, split);
                    rr.initialize(conf, new FileSplit(file.toFile()));
                    JsonNode expected = splits.get(split).get("samples");
                    int i = 0;
                    while (rr.hasNext()) {
                        Record r = rr.nextRecord();
                        List<Writable> w = r.getRecord();
                        JsonNode e = expected.get(i);
                        String at = key + "/" + split + " record " + i;
                        assertEquals(ExpectedSamples.dir().resolve(e.get("image_file").asText()).normalize().toString(),
                                Path.of(w.get(GroundingRecordReader.IMAGE).toString()).normalize().toString(), at);
                        assertEquals(e.get("expression").asText(), w.get(GroundingRecordReader.EXPRESSION).toString(), at);
                        ExpectedSamples.assertBoxes(at, ExpectedSamples.boxes(e.get("boxes_xyxy")),
                                GroundingRecordReader.boxes(w));
                        assertEquals(w, rr.loadFromMetaData(r.getMetaData()).getRecord(), at + " reloaded from metadata");
                        i++;
                    }
                    assertEquals(expected.size(), i, key + "/" + split + ": number of records");
                }));
            }
        }
        return tests.stream();
    }

    /** The file (or Flickr30K directory) a user would open for {@code key}. */
    private static Path datasetFile(String key, JsonNode splits) {
        JsonNode d = ExpectedSamples.dataset(key);
        Path dir = ExpectedSamples.dir();
        if (d.has("files")) {
            return dir.resolve(d.get("files").get(0).asText());
        }
        if (d.has("file")) {
            return dir.resolve(d.get("file").asText());
        }
        JsonNode anySplit = splits.elements().next();
        if (anySplit.has("file")) {
            return dir.resolve(anySplit.get("file").asText());
        }
        // Flickr30K Entities: the directory holding Annotations/ and Sentences/
        String image = anySplit.get("samples").get(0).get("image_file").asText();
        return dir.resolve(image.substring(0, image.indexOf('/')));
    }

    @Test
    void unknownFileIsRejectedWithWhatWasExpected(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.txt"), "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetFormat.detect(f));
        assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("refs(<splitBy>).p"), e.getMessage());
    }

    @Test
    void missingSplitNamesTheSplitsThatExist() {
        String refs = ExpectedSamples.dataset("refcoco_unc").get("files").get(0).asText();
        File file = ExpectedSamples.dir().resolve(refs).toFile();
        GroundingRecordReader rr = new GroundingRecordReader("validation");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rr.initialize(new FileSplit(file)));
        assertTrue(e.getMessage().contains("validation") && e.getMessage().contains("testA"), e.getMessage());
    }

    @Test
    void malformedPickleNamesTheFile(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("refcoco");
        Files.createDirectories(root);
        Path refs = ExpectedSamples.dir().resolve(ExpectedSamples.dataset("refcoco_unc").get("files").get(0).asText());
        byte[] bytes = Files.readAllBytes(refs);
        Files.write(root.resolve("refs(unc).p"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.copy(refs.resolveSibling("instances.json"), root.resolve("instances.json"));
        GroundingRecordReader rr = new GroundingRecordReader("train");
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> rr.initialize(new FileSplit(root.resolve("refs(unc).p").toFile())));
        assertTrue(e.getMessage().contains("refs(unc).p") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
