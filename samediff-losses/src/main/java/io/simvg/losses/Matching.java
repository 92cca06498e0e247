package io.simvg.losses;

/** The matched pairs of one image: query {@code queries[k]} predicts target {@code targets[k]} (queries increasing). */
public record Matching(int[] queries, int[] targets) {

    public static final Matching EMPTY = new Matching(new int[0], new int[0]);

    public int size() {
        return queries.length;
    }
}
