package io.simvg.data;

import java.nio.file.Path;

/**
 * Where a sample comes from: the annotation file and the record inside it, in the dataset's own terms
 * ({@code "ref_id 12, sent_id 40"}, {@code "line 3"}, {@code "train[7] expression 1"}). Every error names both.
 */
public record RecordSource(Path file, String record) {

    @Override
    public String toString() {
        return record == null || record.isEmpty() ? file.toString() : file + " (" + record + ")";
    }
}
