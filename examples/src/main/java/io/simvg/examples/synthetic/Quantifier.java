package io.simvg.examples.synthetic;

/** Multi-target determiners (corpus list QUANTIFIERS); {@code count} 0 means any number, else exactly that many. */
public enum Quantifier {
    ALL("all", 0),
    BOTH("both", 2),
    THE_TWO("the two", 2),
    THE_THREE("the three", 3),
    THE_FOUR("the four", 4);

    private final String phrase;
    private final int count;

    Quantifier(String phrase, int count) {
        this.phrase = phrase;
        this.count = count;
    }

    public String phrase() {
        return phrase;
    }

    public int count() {
        return count;
    }
}
