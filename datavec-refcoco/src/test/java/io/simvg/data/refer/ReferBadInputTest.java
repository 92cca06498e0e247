package io.simvg.data.refer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.ExpectedSamples;
import io.simvg.data.FixtureCopy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.grefcoco.GRefCocoReader;
import io.simvg.data.seqtr.SeqTrJsonReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken copies of the refer, gRefCOCO and SeqTR fixtures: every problem names the file and the record, and
 * {@code skipAndLog} leaves exactly the bad records out. Refs pickles are rewritten with Pyrolite's pickler (protocol 2,
 * binary memo opcodes), which also shows that the reader takes protocol 2 as well as the fixtures' protocol 0.
 */
class ReferBadInputTest {

    private static Path referRoot(Path tmp) {
        Path refs = ExpectedSamples.dir().resolve(ExpectedSamples.dataset("refcoco_unc").get("files").get(0).asText());
        return FixtureCopy.copyTree(refs.getParent().getParent(), tmp.resolve("refer"));
    }

    /** Rewrites refcoco's refs(unc).p after {@code edit} changed the decoded refs. */
    @SuppressWarnings("unchecked")
    private static Path rewriteRefs(Path root, Consumer<List<Map<String, Object>>> edit) throws Exception {
        Path file = root.resolve("refcoco/refs(unc).p");
        List<Map<String, Object>> refs = (List<Map<String, Object>>) PythonPickle.load(file);
        edit.accept(refs);
        try (OutputStream out = Files.newOutputStream(file)) {
            new Pickler().dump(refs, out);
        }
        return file;
    }

    @Test
    void protocolTwoWithManyMemoEntriesReadsLikeTheFixture(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        List<GroundingSample> before = new ReferReader(root, "refcoco", "unc").read("train");
        // 300 extra val refs push the memo past 255 entries (LONG_BINPUT / LONG_BINGET)
        rewriteRefs(root, refs -> {
            for (int i = 0; i < 300; i++) {
                Map<String, Object> copy = new HashMap<>(refs.get(0));
                copy.put("ref_id", 10_000 + i);
                copy.put("split", "val");
                refs.add(copy);
            }
        });
        byte[] bytes = Files.readAllBytes(root.resolve("refcoco/refs(unc).p"));
        assertEquals((byte) 0x80, bytes[0], "protocol marker");
        assertEquals(2, bytes[1], "protocol 2");
        List<GroundingSample> after = new ReferReader(root, "refcoco", "unc").read("train");
        assertEquals(before, after);
    }

    @Test
    void missingSentenceFieldNamesTheRef(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        rewriteRefs(root, refs -> refs.get(1).remove("sentences"));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("refs(unc).p") && e.getMessage().contains("ref_id")
                && e.getMessage().contains("'sentences' is missing"), e.getMessage());
    }

    @Test
    void unknownAnnotationAndMissingImageAreNamedOrSkipped(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        List<GroundingSample> all = new ReferReader(root, "refcoco", "unc").read("train");
        rewriteRefs(root, refs -> refs.get(0).put("ann_id", 987654));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("ann_id 987654") && e.getMessage().contains("ref_id 0"), e.getMessage());

        InvalidRecords skip = InvalidRecords.skipAndLog();
        List<GroundingSample> kept = new ReferReader(root, "refcoco", "unc",
                ReferReader.defaultImageDir(root, "refcoco"), skip).read("train");
        long ref0Sentences = all.stream().filter(s -> s.source().record().startsWith("ref_id 0,")).count();
        assertEquals(all.size() - ref0Sentences, kept.size());
        assertEquals(ref0Sentences, skip.skippedCount());
    }

    @Test
    void missingImageNamesTheSentence(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        GroundingSample first = new ReferReader(root, "refcoco", "unc").read("train").get(0);
        Files.delete(first.image());
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("image file not found") && e.getMessage().contains(first.source().record()),
                e.getMessage());
    }

    @Test
    void zeroAreaAndOutsideBoxesAreNamed(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        Path instances = root.resolve("refcoco/instances.json");
        FixtureCopy.replaceFirst(instances, "\"bbox\": \\[3\\.5, 4\\.25, 20\\.0, 30\\.5\\]", "\"bbox\": [3.5, 4.25, 0.0, 30.5]");
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("zero area") && e.getMessage().contains("ref_id 0, sent_id 0"), e.getMessage());

        FixtureCopy.replaceFirst(instances, "\"bbox\": \\[3\\.5, 4\\.25, 0\\.0, 30\\.5\\]", "\"bbox\": [30.5, 4.25, 90.0, 30.5]");
        e = assertThrows(GroundingDataException.class, () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("outside the 64x48 image"), e.getMessage());
    }

    @Test
    void malformedJsonNamesFileAndLine(@TempDir Path tmp) throws Exception {
        Path root = referRoot(tmp);
        Path instances = root.resolve("refcoco/instances.json");
        String text = Files.readString(instances);
        Files.writeString(instances, text.substring(0, text.length() / 2));
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new ReferReader(root, "refcoco", "unc").read("train"));
        assertTrue(e.getMessage().contains("instances.json") && e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void emptyExpressionAfterCleaningIsNamed(@TempDir Path tmp) throws Exception {
        Path refs = ExpectedSamples.dir().resolve(ExpectedSamples.dataset("grefcoco_unc").get("files").get(0).asText());
        Path root = FixtureCopy.copyTree(refs.getParent().getParent(), tmp.resolve("gref"));
        FixtureCopy.replaceFirst(root.resolve("grefcoco/grefs(unc).json"), "\"sent\": \"two people\"", "\"sent\": \"?!.\"");
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new GRefCocoReader(root, "unc").read("train"));
        assertTrue(e.getMessage().contains("grefs(unc).json") && e.getMessage().contains("ref_id 0, sent_id 0")
                && e.getMessage().contains("empty after cleaning"), e.getMessage());
    }

    @Test
    void seqtrEntryWithoutBoxIsNamedOrSkipped(@TempDir Path tmp) throws Exception {
        Path file = ExpectedSamples.dir().resolve(ExpectedSamples.dataset("seqtr_json/refcoco-unc").get("file").asText());
        Path seqtr = FixtureCopy.copyTree(file.getParent().getParent().getParent(), tmp.resolve("seqtr"));
        Path copy = seqtr.resolve("annotations/refcoco-unc/instances.json");
        int before = new SeqTrJsonReader(seqtr, "refcoco-unc").read("val").size();
        FixtureCopy.replaceFirst(copy, "\"bbox\": \\[10\\.0, 10\\.0, 12\\.0, 14\\.0\\], ", "");
        GroundingDataException e = assertThrows(GroundingDataException.class,
                () -> new SeqTrJsonReader(seqtr, "refcoco-unc").read("val"));
        assertTrue(e.getMessage().contains("val[0] expression 0") && e.getMessage().contains("'bbox' is missing"),
                e.getMessage());
        InvalidRecords skip = InvalidRecords.skipAndLog();
        List<GroundingSample> kept = new SeqTrJsonReader("refcoco-unc", copy, seqtr.resolve("images"), skip).read("val");
        assertEquals(before - 1, kept.size());
        assertEquals(1, skip.skippedCount());
    }
}
