package io.simvg.zoo;

/** The grounding task: how many object queries the head uses. */
public enum Task {
    /** Referring expression comprehension: exactly one box per expression. */
    REC(1),
    /** Generalised REC (gRefCOCO): zero, one or several boxes per expression. */
    GREC(10);

    private final int numQueries;

    Task(int numQueries) {
        this.numQueries = numQueries;
    }

    public int numQueries() {
        return numQueries;
    }

    /** How predictions of a model with this many queries are read: one query → REC (best box), else GREC. */
    public static Task forQueries(int numQueries) {
        return numQueries == 1 ? REC : GREC;
    }
}
