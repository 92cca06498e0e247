package io.simvg.data.transvg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.ExpectedSamples;
import io.simvg.data.FixtureCopy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;

/**
 * The TransVG index against {@code expected.json} (every {@code transvg_pth/<ds>} key; files under
 * {@code transvg/data}, images under {@code transvg/ln_data}), the container variants, then broken copies.
 */
class TransVgIndexReaderTest {

    private static List<String> keys() {
        return ExpectedSamples.datasetKeys((key, d) -> key.startsWith(TransVgIndexReader.NAME_PREFIX));
    }

    private static TransVgDataset dataset(String key) {
        return TransVgDataset.of(key.substring(TransVgIndexReader.NAME_PREFIX.length()));
    }

    private static TransVgIndexReader reader(Path transvg, String key, TransVgBoxRule rule, InvalidRecords invalid) {
        return new TransVgIndexReader(transvg.resolve("data"), transvg.resolve("ln_data"), dataset(key), rule, invalid);
    }

    private static TransVgIndexReader reader(String key, TransVgBoxRule rule) {
        return reader(ExpectedSamples.dir().resolve("transvg"), key, rule, InvalidRecords.failFast());
    }

    @TestFactory
    Stream<DynamicTest> exactBoxesAreTheStoredValues() {
        return ExpectedSamples.splitTests(keys(), key -> reader(key, TransVgBoxRule.EXACT), "boxes_xyxy");
    }

    @TestFactory
    Stream<DynamicTest> truncatedBoxesAreWhatPullItemGives() {
        return ExpectedSamples.splitTests(keys(), key -> reader(key, TransVgBoxRule.TRUNCATE), "box_xyxy_loader");
    }

    /** Splits are the files present, plus train+val as {@code trainval} except for referit, which has its own file. */
    @TestFactory
    Stream<DynamicTest> splitsAndTrainval() {
        return keys().stream().map(key -> DynamicTest.dynamicTest(key, () -> {
            TransVgIndexReader reader = reader(key, TransVgBoxRule.EXACT);
            JsonNode splits = ExpectedSamples.dataset(key).get("splits");
            Set<String> expected = new HashSet<>();
            splits.fieldNames().forEachRemaining(expected::add);
            Set<String> listed = new HashSet<>(reader.splits());
            boolean builtTrainval = !dataset(key).hasOwnTrainval() && expected.containsAll(List.of("train", "val"));
            if (builtTrainval) {
                assertTrue(listed.remove("trainval"), key + " lists trainval");
                ArrayNode trainval = JsonNodeFactory.instance.arrayNode();
                trainval.addAll((ArrayNode) splits.get("train").get("samples"));
                trainval.addAll((ArrayNode) splits.get("val").get("samples"));
                List<GroundingSample> read = reader.read("trainval");
                ExpectedSamples.assertSamples(key + "/trainval", read, trainval, "boxes_xyxy");
                read.forEach(s -> assertEquals("trainval", s.split()));
            }
            assertEquals(expected, listed, key + " splits");
            for (String split : expected) {
                for (GroundingSample s : reader.read(split)) {
                    assertEquals(0, s.imageWidth());
                    assertEquals(key, s.dataset());
                    assertTrue(s.source().record().startsWith("tuple "), s.source().toString());
                }
            }
        }));
    }

    /**
     * The zip and protocol-0 variants of a legacy file give the same samples; when that legacy file is the fixture's
     * {@code unc_train.pth}, they also match {@code expected.json}.
     */
    @Test
    void zipAndProtocol0ContainersGiveTheSameSamples(@TempDir Path tmp) throws IOException {
        Path legacy = TorchPickleFileTest.resource("unc_train_legacy.pth");
        Path unc = Files.createDirectories(tmp.resolve("data/unc"));
        for (String variant : List.of("legacy", "zip", "p0")) {
            Files.copy(TorchPickleFileTest.resource("unc_train_" + variant + ".pth"), unc.resolve("unc_" + variant + ".pth"));
        }
        Path images = Files.createDirectories(tmp.resolve("ln_data/other/images/mscoco/images/train2014"));
        for (Object tuple : (List<?>) TorchPickleFile.load(legacy)) {
            Path image = images.resolve((String) ((Object[]) tuple)[0]);
            if (!Files.exists(image)) {
                Files.createFile(image);
            }
        }
        TransVgIndexReader reader = reader(tmp, "transvg_pth/unc", TransVgBoxRule.EXACT, InvalidRecords.failFast());
        assertTrue(reader.splits().containsAll(List.of("legacy", "zip", "p0")), reader.splits().toString());
        List<GroundingSample> reference = reader.read("legacy");
        for (String variant : List.of("zip", "p0")) {
            List<GroundingSample> read = reader.read(variant);
            assertEquals(reference.size(), read.size());
            for (int i = 0; i < read.size(); i++) {
                assertEquals(reference.get(i).image(), read.get(i).image());
                assertEquals(reference.get(i).expression(), read.get(i).expression());
                assertEquals(reference.get(i).boxes(), read.get(i).boxes());
                assertEquals("tuple " + i, read.get(i).source().record());
            }
        }
        Path fixture = ExpectedSamples.dir().resolve("transvg/data/unc/unc_train.pth");
        if (keys().contains("transvg_pth/unc") && Files.isRegularFile(fixture)
                && Arrays.equals(Files.readAllBytes(fixture), Files.readAllBytes(legacy))) {
            JsonNode expected = ExpectedSamples.dataset("transvg_pth/unc").get("splits").get("train").get("samples");
            List<GroundingSample> zip = reader.read("zip");
            assertEquals(expected.size(), zip.size());
            for (int i = 0; i < zip.size(); i++) {
                assertEquals(expected.get(i).get("expression").asText(), zip.get(i).expression());
                ExpectedSamples.assertBoxes("zip tuple " + i, ExpectedSamples.boxes(expected.get(i).get("boxes_xyxy")),
                        zip.get(i).boxes());
            }
        }
    }

    @Test
    void truncatedIndexNamesTheFile(@TempDir Path tmp) throws IOException {
        Broken b = new Broken(tmp);
        byte[] whole = Files.readAllBytes(b.file);
        Files.write(b.file, Arrays.copyOf(whole, whole.length / 2));
        b.assertError(b.file + ": truncated or corrupt torch file");
    }

    @Test
    void nonTorchFileNamesTheFile(@TempDir Path tmp) throws IOException {
        Broken b = new Broken(tmp);
        Files.writeString(b.file, "img_file,bbox,phrase\n");
        b.assertError(b.file + ": not a torch.save file");
    }

    @Test
    void missingIndexFileNamesTheSplit(@TempDir Path tmp) {
        Broken b = new Broken(tmp);
        Path absent = b.reader(InvalidRecords.failFast()).indexFile("nosuch");
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> b.reader(InvalidRecords.failFast()).read("nosuch"));
        assertTrue(e.getMessage().startsWith(absent + ": index file not found (split 'nosuch'"), e.getMessage());
    }

    @Test
    void zeroAreaBoxNamesTheTuple(@TempDir Path tmp) {
        Broken b = new Broken(tmp);
        b.edit(1, t -> b.zeroWidth(t));
        b.assertError(b.file + " (tuple 1): box 0 [");
        assertTrue(b.error().getMessage().endsWith("has zero area"), b.error().getMessage());
    }

    @Test
    void missingImageNamesTheTuple(@TempDir Path tmp) throws IOException {
        Broken b = new Broken(tmp);
        Object[] first = (Object[]) b.tuples.get(0);
        Path image = b.reader(InvalidRecords.failFast()).read(b.split).get(0).image();
        Files.delete(image);
        b.assertError(b.file + " (tuple 0): image file not found: " + image);
        assertTrue(image.endsWith((String) first[0]));
    }

    @Test
    void badFieldsNameTheTupleAndField(@TempDir Path tmp) {
        Broken b = new Broken(tmp);
        int phrase = b.layout.phraseIndex;
        b.edit(0, t -> t[phrase] = 42);
        b.assertError(b.file + " (tuple 0): field 'phrase' (tuple[" + phrase + "]) is not a string: Integer 42");
        b.edit(0, t -> t[0] = "../../../outside.jpg");
        b.assertError(b.file + " (tuple 0): file name '../../../outside.jpg' points outside ");
        b.edit(0, t -> t[b.layout.boxIndex] = new ArrayList<>(List.of(1.0, 2.0, 3.0)));
        b.assertError(b.file + " (tuple 0): field 'bbox' (tuple[" + b.layout.boxIndex + "]) is not 4 finite numbers");
    }

    @Test
    void skipInvalidDropsAndCountsBadTuples(@TempDir Path tmp) {
        Broken b = new Broken(tmp);
        int n = b.tuples.size();
        b.edit(0, t -> t[b.layout.phraseIndex] = 42);
        b.edit(n - 1, t -> b.zeroWidth(t));
        InvalidRecords skip = InvalidRecords.skipAndLog();
        List<GroundingSample> read = b.reader(skip).read(b.split);
        assertEquals(n - (n > 1 ? 2 : 1), read.size());
        assertEquals(n > 1 ? 2 : 1, skip.skippedCount(), skip.skippedMessages().toString());
        assertTrue(skip.skippedMessages().get(0).startsWith(b.file + " (tuple 0): field 'phrase'"), skip.skippedMessages().get(0));
    }

    /** A writable copy of the fixture's {@code transvg/} folder and the first split file of the first dataset. */
    private static final class Broken {
        final Path root;
        final String key = keys().get(0);
        final TransVgDataset.Layout layout = dataset(key).layout;
        final String split;
        final Path file;
        final List<?> original;
        final List<Object> tuples;

        Broken(Path tmp) {
            root = FixtureCopy.copyTree(ExpectedSamples.dir().resolve("transvg"), tmp.resolve("transvg"));
            Iterator<String> splits = ExpectedSamples.dataset(key).get("splits").fieldNames();
            split = splits.next();
            file = reader(InvalidRecords.failFast()).indexFile(split);
            original = (List<?>) TorchPickleFile.load(file);
            tuples = new ArrayList<>(original);
        }

        TransVgIndexReader reader(InvalidRecords invalid) {
            return TransVgIndexReaderTest.reader(root, key, TransVgBoxRule.EXACT, invalid);
        }

        /** Replaces tuple {@code i} by a changed copy of the original and rewrites the file as a legacy torch container. */
        void edit(int i, Consumer<Object[]> change) {
            Object[] t = ((Object[]) original.get(i)).clone();
            change.accept(t);
            tuples.set(i, t);
            TorchFiles.writeLegacy(file, tuples, List.of());
        }

        /** Sets the box width to 0 (w for xywh, x2 = x1 for xyxy). */
        void zeroWidth(Object[] t) {
            List<Object> box = new ArrayList<>((List<?>) t[layout.boxIndex]);
            box.set(2, layout.xywh ? (Object) 0.0 : box.get(0));
            t[layout.boxIndex] = box;
        }

        GroundingDataException error() {
            return assertThrows(GroundingDataException.class, () -> reader(InvalidRecords.failFast()).read(split));
        }

        void assertError(String start) {
            GroundingDataException e = error();
            assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage() + "\nexpected start: " + start);
        }
    }
}
