package io.simvg.data.flickr;

/**
 * A phrase that is not a sample because its chain has no box (MDETR's filter), with the reason.
 *
 * @param imageId       the image
 * @param sentenceIndex the sentence's index in its file (non-empty lines, from 0)
 * @param phrase        the phrase text
 * @param phraseId      the chain id
 * @param reason        why the chain has no box
 */
public record FlickrExclusion(String imageId, int sentenceIndex, String phrase, String phraseId, Reason reason) {

    /** Why a chain has no box; {@link #label()} is the wording of the fixtures' {@code excluded_phrases}. */
    public enum Reason {
        /** Chain id 0: the annotators marked the phrase as not visual and drew nothing. */
        NOT_VISUAL("notvisual (chain id 0)"),
        /** The chain's object is flagged {@code scene}: the phrase names the whole scene. */
        SCENE("scene"),
        /** The chain's object is flagged {@code nobndbox}: visible but not boxable. */
        NO_BOX("nobndbox"),
        /** No {@code object} in the XML names the chain. */
        NO_OBJECT("no object in XML");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static Reason reasonFor(String phraseId, FlickrAnnotation annotation) {
        if (phraseId.equals("0")) {
            return Reason.NOT_VISUAL;
        }
        if (annotation.scene().contains(phraseId)) {
            return Reason.SCENE;
        }
        return annotation.noBox().contains(phraseId) ? Reason.NO_BOX : Reason.NO_OBJECT;
    }
}
