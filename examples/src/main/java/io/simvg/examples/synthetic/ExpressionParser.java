package io.simvg.examples.synthetic;

import io.simvg.examples.synthetic.ReferringExpression.Described;
import io.simvg.examples.synthetic.ReferringExpression.Extreme;
import io.simvg.examples.synthetic.ReferringExpression.Quantified;
import io.simvg.examples.synthetic.ReferringExpression.Related;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an expression text back into a {@link ReferringExpression}, so an expression read from a dataset file can be
 * re-evaluated on its scene (the tests do this for every generated expression). The grammar is exactly what the
 * generator writes:
 * <pre>
 *   quantifier desc-plural                          all green triangles, the two red shapes
 *   the superlative desc                            the leftmost circle
 *   the desc [place | relation the desc]            the red circle, the star at the top, the red circle left of the blue square
 *   desc = [size] [colour] (kind | shape)
 * </pre>
 */
public final class ExpressionParser {

    private final List<String> words;
    private final String text;
    private int at;

    private ExpressionParser(String text) {
        this.text = text;
        this.words = Arrays.asList(text.trim().split(" +"));
    }

    /** @throws IllegalArgumentException naming the expression and the word that does not fit the grammar */
    public static ReferringExpression parse(String text) {
        return new ExpressionParser(text).expression();
    }

    private ReferringExpression expression() {
        for (Quantifier q : Quantifier.values()) {
            if (accept(q.phrase())) {
                return end(new Quantified(q, descriptor(true)));
            }
        }
        expect("the");
        for (Direction d : Direction.values()) {
            if (accept(d.superlative())) {
                return end(new Extreme(descriptor(false), d, false));
            }
        }
        Descriptor what = descriptor(false);
        if (at == words.size()) {
            return new Described(what);
        }
        for (Direction d : Direction.values()) {
            if (accept(d.place())) {
                return end(new Extreme(what, d, true));
            }
        }
        for (Relation r : Relation.values()) {
            if (accept(r.phrase())) {
                expect("the");
                return end(new Related(what, r, descriptor(false)));
            }
        }
        throw error("a place or a relation");
    }

    private Descriptor descriptor(boolean plural) {
        ShapeSize size = null;
        for (ShapeSize s : ShapeSize.values()) {
            if (accept(s.word())) {
                size = s;
            }
        }
        ShapeColour colour = null;
        for (ShapeColour c : ShapeColour.values()) {
            if (accept(c.word())) {
                colour = c;
            }
        }
        if (accept(plural ? Descriptor.ANY_KIND_PLURAL : Descriptor.ANY_KIND)) {
            return new Descriptor(size, colour, null);
        }
        for (ShapeKind k : ShapeKind.values()) {
            if (accept(plural ? k.plural() : k.word())) {
                return new Descriptor(size, colour, k);
            }
        }
        throw error(plural ? "a plural shape word" : "a shape word");
    }

    /** Consumes the words of {@code phrase} if they come next. */
    private boolean accept(String phrase) {
        String[] p = phrase.split(" ");
        if (at + p.length > words.size()) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!words.get(at + i).equals(p[i])) {
                return false;
            }
        }
        at += p.length;
        return true;
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw error("'" + word + "'");
        }
    }

    private ReferringExpression end(ReferringExpression e) {
        if (at != words.size()) {
            throw error("the end");
        }
        return e;
    }

    private IllegalArgumentException error(String wanted) {
        String found = at < words.size() ? "'" + words.get(at) + "'" : "the end";
        return new IllegalArgumentException("expression '" + text + "': expected " + wanted + " at word " + (at + 1)
                + " but found " + found);
    }
}
