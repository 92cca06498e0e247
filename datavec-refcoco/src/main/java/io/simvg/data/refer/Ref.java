package io.simvg.data.refer;

import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One referred object (or, in gRefCOCO, a set of objects) with its sentences, as stored in {@code refs(*).p} and
 * {@code grefs(*).json}. {@code annIds} holds one id for RefCOCO-style refs; gRefCOCO's no-target marker {@code -1}
 * is kept as it is stored.
 */
public record Ref(long refId, long imageId, String split, List<Long> annIds, List<Sentence> sentences, RecordSource source) {

    /** One referring sentence; {@code sent} is the cleaned lower-case text the toolkits use. */
    public record Sentence(long sentId, String sent, String raw) {
    }

    /** Decodes the {@code index}-th element of a refs list from {@code file}. */
    public static Ref parse(Object element, Path file, int index) {
        RecordSource at = new RecordSource(file, "ref #" + index);
        Map<?, ?> m = Fields.map(element, "ref", at);
        long refId = Fields.integer(m, "ref_id", at);
        RecordSource src = new RecordSource(file, "ref_id " + refId);
        long imageId = Fields.integer(m, "image_id", src);
        String split = Fields.string(m, "split", src);
        List<Long> annIds = Fields.integers(m, "ann_id", src);
        List<Sentence> sentences = new ArrayList<>();
        for (Object s : Fields.list(m, "sentences", src)) {
            Map<?, ?> sm = Fields.map(s, "sentences", src);
            long sentId = Fields.integer(sm, "sent_id", src);
            RecordSource ssrc = new RecordSource(file, "ref_id " + refId + ", sent_id " + sentId);
            Object raw = sm.get("raw");
            sentences.add(new Sentence(sentId, Fields.string(sm, "sent", ssrc), raw instanceof String r ? r : null));
        }
        if (sentences.isEmpty()) {
            throw new GroundingDataException(src, "field 'sentences' is empty");
        }
        return new Ref(refId, imageId, split, annIds, sentences, src);
    }

    public RecordSource sentenceSource(Sentence s) {
        return new RecordSource(source.file(), "ref_id " + refId + ", sent_id " + s.sentId());
    }
}
