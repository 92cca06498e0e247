package io.simvg.data.flickr;

/**
 * Which boxes a Flickr30K Entities phrase gets; the two evaluation protocols of MDETR's {@code flickr_eval.py}.
 */
public enum FlickrBoxes {

    /**
     * Every box of the phrase's coreference chain, in XML order (the default). A prediction counts as correct when its
     * IoU with <em>any</em> of them reaches 0.5 ("ANY-BOX").
     */
    ANY_BOX,

    /**
     * One box: the smallest box enclosing all boxes of the chain ({@code merge_boxes=True}, "MERGED-BOX"). This is
     * also what the one-box-per-phrase TransVG {@code flickr_*.pth} indexes hold.
     */
    MERGED_BOX
}
