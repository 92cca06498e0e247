package io.simvg.data;

import java.nio.file.Path;

/** Bad or unreadable dataset input; the message names the file, the record and, where there is one, the field. */
public class GroundingDataException extends RuntimeException {

    private final transient Path file;
    private final String record;

    public GroundingDataException(Path file, String record, String message) {
        this(file, record, message, null);
    }

    public GroundingDataException(Path file, String record, String message, Throwable cause) {
        super(file + (record == null || record.isEmpty() ? "" : " (" + record + ")") + ": " + message, cause);
        this.file = file;
        this.record = record;
    }

    public GroundingDataException(RecordSource source, String message) {
        this(source.file(), source.record(), message, null);
    }

    public GroundingDataException(RecordSource source, String message, Throwable cause) {
        this(source.file(), source.record(), message, cause);
    }

    public Path file() {
        return file;
    }

    /** The record inside {@link #file()} ({@code null} when the whole file is bad). */
    public String record() {
        return record;
    }
}
