package io.simvg.data.flickr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Flickr30K Entities against {@code expected.json} (every {@code flickr30k_entities*} key; the key is the folder under the
 * fixture directory), then broken copies of the fixture.
 */
class Flickr30kEntitiesReaderTest {

    private static List<String> keys() {
        return ExpectedSamples.datasetKeys((key, d) -> key.startsWith("flickr30k_entities"));
    }

    private static Path root(String key) {
        return ExpectedSamples.dir().resolve(key);
    }

    @TestFactory
    Stream<DynamicTest> anyBoxGivesAllBoxesOfTheChain() {
        return ExpectedSamples.splitTests(keys(), key -> new Flickr30kEntitiesReader(root(key)), "boxes_xyxy");
    }

    @TestFactory
    Stream<DynamicTest> mergedBoxGivesTheEnclosingBox() {
        return ExpectedSamples.splitTests(keys(), key -> new Flickr30kEntitiesReader(root(key), FlickrBoxes.MERGED_BOX,
                InvalidRecords.failFast()), "merged_box_xyxy");
    }

    /** The dropped phrases (with reasons), image sizes from the XML and the record names of every split. */
    @TestFactory
    Stream<DynamicTest> exclusionsImageSizesAndRecords() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : keys()) {
            JsonNode splits = ExpectedSamples.dataset(key).get("splits");
            for (Iterator<String> it = splits.fieldNames(); it.hasNext(); ) {
                String split = it.next();
                JsonNode expected = splits.get(split);
                tests.add(DynamicTest.dynamicTest(key + "/" + split, () -> {
                    FlickrSplit read = new Flickr30kEntitiesReader(root(key)).readSplit(split);
                    JsonNode dropped = expected.get("excluded_phrases");
                    assertEquals(dropped.size(), read.excluded().size(), "number of excluded phrases " + read.excluded());
                    for (int i = 0; i < dropped.size(); i++) {
                        JsonNode e = dropped.get(i);
                        FlickrExclusion a = read.excluded().get(i);
                        assertEquals(e.get("image_id").asText(), a.imageId());
                        assertEquals(e.get("sentence_index").asInt(), a.sentenceIndex());
                        assertEquals(e.get("phrase").asText(), a.phrase());
                        assertEquals(e.get("phrase_id").asText(), a.phraseId());
                        assertEquals(e.get("reason").asText(), a.reason().label(), a.toString());
                    }
                    JsonNode samples = expected.get("samples");
                    for (int i = 0; i < samples.size(); i++) {
                        JsonNode e = samples.get(i);
                        GroundingSample a = read.samples().get(i);
                        assertEquals(e.get("image_size").get(0).asInt(), a.imageWidth());
                        assertEquals(e.get("image_size").get(1).asInt(), a.imageHeight());
                        assertEquals(split, a.split());
                        assertEquals(Path.of("Sentences", e.get("image_id").asText() + ".txt"),
                                root(key).relativize(a.source().file()));
                        assertEquals("image " + e.get("image_id").asText() + ", sentence " + e.get("sentence_index").asInt()
                                        + " (line " + (e.get("sentence_index").asInt() + 1) + "), phrase '"
                                        + e.get("expression").asText() + "' (EN#" + e.get("phrase_id").asText() + ")",
                                a.source().record());
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void parsesMarkupLikeTheOfficialUtil() {
        FlickrSentence s = FlickrSentenceParser.parse(
                "[/EN#24/bodyparts/animals its  mouth]\tand [/EN#0/notvisual time] .", 3, 5);
        assertEquals("its mouth and time .", s.text());
        assertEquals(List.of(new FlickrPhrase(0, "its mouth", "24", List.of("bodyparts", "animals")),
                new FlickrPhrase(3, "time", "0", List.of("notvisual"))), s.phrases());
        assertEquals(List.of("a", "b", "c"), FlickrSentenceParser.tokens(" a\u00a0b \u3000c\u0085"));
    }

    @Test
    void detectsEitherImageFolderName(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        Path images = Flickr30kEntitiesReader.detectImageDir(root);
        Files.move(images, root.resolve("flickr30k_images"));
        assertEquals(root.resolve("flickr30k_images"), Flickr30kEntitiesReader.detectImageDir(root));
        Files.move(root.resolve("flickr30k_images"), root.resolve("pictures"));
        GroundingDataException e = assertThrows(GroundingDataException.class, () -> new Flickr30kEntitiesReader(root));
        assertTrue(e.getMessage().startsWith(root.toString()) && e.getMessage().contains("flickr30k-images"), e.getMessage());
        assertFalse(new Flickr30kEntitiesReader(root, root.resolve("pictures"), FlickrBoxes.ANY_BOX,
                InvalidRecords.failFast()).read(firstSplit(root)).isEmpty());
    }

    @Test
    void malformedXmlNamesFileAndImage(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path xml = root.resolve("Annotations/" + id + ".xml");
        String text = Files.readString(xml);
        Files.writeString(xml, text.substring(0, text.length() / 2));
        assertError(root, xml + " (image " + id + "): malformed XML at line");
    }

    @Test
    void doctypeIsRefused(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path xml = root.resolve("Annotations/" + id + ".xml");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "top-secret-value");
        String text = Files.readString(xml).replaceFirst("<annotation>", "<!DOCTYPE annotation [<!ENTITY s SYSTEM \""
                + secret.toUri() + "\">]>\n<annotation><note>&s;</note>");
        Files.writeString(xml, text);
        String message = assertError(root, xml + " (image " + id + "): malformed XML").getMessage();
        assertTrue(message.contains("DOCTYPE") && !message.contains("top-secret-value"), message);
    }

    @Test
    void missingXmlNamesFileAndImage(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path xml = root.resolve("Annotations/" + id + ".xml");
        Files.delete(xml);
        assertError(root, xml + " (image " + id + "): annotation file not found");
    }

    @Test
    void unclosedBracketNamesSentence(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path txt = root.resolve("Sentences/" + id + ".txt");
        List<String> lines = Files.readAllLines(txt);
        lines.add(1, "[/EN#11/people Two guys look at [/EN#13/bodyparts their hands] .");
        Files.write(txt, lines);
        assertError(root, txt + " (image " + id + ", sentence 1 (line 2)): phrase '[/EN#11/people' is not closed before "
                + "'[/EN#13/bodyparts'");
        lines.set(1, "[/EN#11/people Two guys look .");
        Files.write(txt, lines);
        assertError(root, txt + " (image " + id + ", sentence 1 (line 2)): phrase '[/EN#11/people' is not closed by ']'");
    }

    @Test
    void zeroAreaBoxNamesPhraseAndXmlObject(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path xml = root.resolve("Annotations/" + id + ".xml");
        FixtureCopy.replaceFirst(xml, "(<xmin>(\\d+)</xmin>\\s*<ymin>\\d+</ymin>\\s*<xmax>)\\d+", "$1$2");
        String message = assertError(root, root.resolve("Sentences/" + id + ".txt") + " (image " + id + ", sentence ")
                .getMessage();
        assertTrue(message.contains(xml + " (image " + id + ", object ") && message.contains("has zero area"), message);
    }

    @Test
    void missingImageNamesPhrase(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String id = firstImage(root);
        Path image = Flickr30kEntitiesReader.detectImageDir(root).resolve(id + ".jpg");
        Files.delete(image);
        String message = assertError(root, root.resolve("Sentences/" + id + ".txt") + " (image " + id + ", sentence ")
                .getMessage();
        assertTrue(message.contains("image file not found: " + image), message);
    }

    @Test
    void skipInvalidDropsAndCountsBadRecords(@TempDir Path tmp) throws IOException {
        Path root = copy(tmp);
        String split = firstSplit(root);
        List<String> ids = imageIds(root, split);
        JsonNode expected = ExpectedSamples.dataset(keys().get(0)).get("splits").get(split).get("samples");
        // every sample of the first image loses its picture; the last image gets one unparsable sentence
        String noImage = ids.get(0);
        Files.delete(Flickr30kEntitiesReader.detectImageDir(root).resolve(noImage + ".jpg"));
        Path txt = root.resolve("Sentences/" + ids.get(ids.size() - 1) + ".txt");
        Files.writeString(txt, Files.readString(txt) + "\n[/EN#99/other a broken phrase\n");
        int lost = 0;
        for (JsonNode s : expected) {
            lost += s.get("image_id").asText().equals(noImage) ? 1 : 0;
        }
        InvalidRecords skip = InvalidRecords.skipAndLog();
        List<GroundingSample> samples = new Flickr30kEntitiesReader(root, FlickrBoxes.ANY_BOX, skip).read(split);
        assertEquals(expected.size() - lost, samples.size());
        assertEquals(lost + 1, skip.skippedCount(), skip.skippedMessages().toString());
        assertTrue(skip.skippedMessages().stream().anyMatch(m -> m.startsWith(txt + " (image ")
                && m.contains("'[/EN#99/other' is not closed")), skip.skippedMessages().toString());
    }

    private static GroundingDataException assertError(Path root, String messageStart) {
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new Flickr30kEntitiesReader(root).read(firstSplit(root)));
        assertTrue(e.getMessage().startsWith(messageStart), "message: " + e.getMessage() + "\nexpected start: " + messageStart);
        return e;
    }

    private static Path copy(Path tmp) {
        return FixtureCopy.copyTree(root(keys().get(0)), tmp.resolve("flickr"));
    }

    private static String firstSplit(Path root) {
        return new Flickr30kEntitiesReader(root, root, FlickrBoxes.ANY_BOX, InvalidRecords.failFast()).splits().get(0);
    }

    private static String firstImage(Path root) throws IOException {
        return imageIds(root, firstSplit(root)).get(0);
    }

    private static List<String> imageIds(Path root, String split) throws IOException {
        return Files.readAllLines(root.resolve(split + ".txt")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
