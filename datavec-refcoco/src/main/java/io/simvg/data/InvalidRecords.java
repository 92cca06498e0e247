package io.simvg.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reader does with a bad record: fail on the first one (the default), or skip it with a logged warning
 * ({@code skipInvalid}). Skipped records are counted and listed, never dropped silently.
 */
public final class InvalidRecords {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRecords.class);

    private final boolean skip;
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

    private InvalidRecords(boolean skip) {
        this.skip = skip;
    }

    public static InvalidRecords failFast() {
        return new InvalidRecords(false);
    }

    public static InvalidRecords skipAndLog() {
        return new InvalidRecords(true);
    }

    public static InvalidRecords of(boolean skipInvalid) {
        return skipInvalid ? skipAndLog() : failFast();
    }

    public boolean skips() {
        return skip;
    }

    /** Throws {@code problem}, or logs and counts it when skipping. */
    public void handle(GroundingDataException problem) {
        if (!skip) {
            throw problem;
        }
        skipped.add(problem.getMessage());
        LOG.warn("skipped invalid record: {}", problem.getMessage());
    }

    public int skippedCount() {
        return skipped.size();
    }

    public List<String> skippedMessages() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Logs the count of skipped records, if any; call at the end of a read or an epoch. */
    public void logSummary(String what) {
        int n = skippedCount();
        if (n > 0) {
            LOG.warn("{}: skipped {} invalid record(s)", what, n);
        }
    }
}
