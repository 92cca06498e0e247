package io.simvg.data.flickr;

import java.util.List;

/**
 * One bracketed phrase of a Flickr30K Entities sentence, as {@code get_sentence_data} returns it.
 *
 * @param firstWordIndex index of the phrase's first word in {@link FlickrSentence#text()}
 * @param text           the phrase words joined by single spaces
 * @param phraseId       the coreference chain id ({@code "0"} for {@code notvisual})
 * @param phraseTypes    the entity types, e.g. {@code [bodyparts, animals]}
 */
public record FlickrPhrase(int firstWordIndex, String text, String phraseId, List<String> phraseTypes) {

    public FlickrPhrase {
        phraseTypes = List.copyOf(phraseTypes);
    }
}
