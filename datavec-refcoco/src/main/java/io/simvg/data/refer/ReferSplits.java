package io.simvg.data.refer;

import java.util.List;
import java.util.Set;

/**
 * Split selection exactly as refer's and gRefCOCO's {@code getRefIds(split=...)}: {@code train}/{@code val} and
 * {@code testAB}-style names match exactly, {@code test} matches every split containing "test", and
 * {@code testA}/{@code testB}/{@code testC} match every split containing the final letter (so also {@code testAB}).
 */
public final class ReferSplits {

    private static final Set<String> LETTER_SPLITS = Set.of("testA", "testB", "testC");
    private static final Set<String> EXACT_SPLITS = Set.of("train", "val", "testAB", "testBC", "testAC");

    private ReferSplits() {
    }

    public static boolean isKnown(String requested) {
        return requested.equals("test") || LETTER_SPLITS.contains(requested) || EXACT_SPLITS.contains(requested);
    }

    public static boolean matches(String requested, String refSplit) {
        if (LETTER_SPLITS.contains(requested)) {
            return refSplit.indexOf(requested.charAt(requested.length() - 1)) >= 0;
        }
        if (requested.equals("test")) {
            return refSplit.contains("test");
        }
        return refSplit.equals(requested);
    }

    /** The split names a reader offers: those stored in the file, plus {@code test} where any test split exists. */
    public static List<String> offered(List<String> stored) {
        List<String> out = new java.util.ArrayList<>(stored);
        if (!out.contains("test") && out.stream().anyMatch(s -> s.contains("test"))) {
            out.add("test");
        }
        return out;
    }
}
