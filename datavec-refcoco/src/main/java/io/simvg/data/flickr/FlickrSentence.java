package io.simvg.data.flickr;

import java.util.List;

/**
 * One caption of {@code Sentences/<id>.txt}.
 *
 * @param index   position among the file's non-empty lines (the official util's list index)
 * @param line    1-based line number in the file, for error messages
 * @param text    the words without markup, joined by single spaces
 * @param phrases the bracketed phrases in order
 */
public record FlickrSentence(int index, int line, String text, List<FlickrPhrase> phrases) {

    public FlickrSentence {
        phrases = List.copyOf(phrases);
    }

    /** How errors and samples name this sentence. */
    public String describe() {
        return "sentence " + index + " (line " + line + ")";
    }
}
