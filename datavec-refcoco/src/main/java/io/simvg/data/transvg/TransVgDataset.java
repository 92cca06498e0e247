package io.simvg.data.transvg;

import java.util.List;

/**
 * The six datasets of the TransVG / CLIP-VG index ({@code data/<ds>/<ds>_<split>.pth}), with each one's tuple layout and
 * image folder under the image root ({@code ln_data/}).
 */
public enum TransVgDataset {

    UNC("unc", Layout.COCO),
    UNC_PLUS("unc+", Layout.COCO),
    GREF("gref", Layout.COCO),
    GREF_UMD("gref_umd", Layout.COCO),
    REFERIT("referit", Layout.REFERIT),
    FLICKR("flickr", Layout.FLICKR);

    /** Where the fields sit in a tuple, how its box is stored, and where its images are. */
    enum Layout {
        /** {@code (img_file, mask_file, bbox_xywh, phrase, attri)}; COCO train2014 images. */
        COCO(2, 3, true, List.of("other/images/mscoco/images/train2014")),
        /** {@code (img_file, mask_file, bbox_xyxy, phrase, attri)}. */
        REFERIT(2, 3, false, List.of("referit/images")),
        /** {@code (img_file, bbox_xyxy, phrase)}; TransVG's folder name first, then CLIP-VG/HiVG's. */
        FLICKR(1, 2, false, List.of("Flickr30k/flickr30k_images", "Flickr30k/flickr30k-images"));

        final int boxIndex;
        final int phraseIndex;
        final boolean xywh;
        final List<String> imageDirs;

        Layout(int boxIndex, int phraseIndex, boolean xywh, List<String> imageDirs) {
            this.boxIndex = boxIndex;
            this.phraseIndex = phraseIndex;
            this.xywh = xywh;
            this.imageDirs = imageDirs;
        }
    }

    private final String dirName;
    final Layout layout;

    TransVgDataset(String dirName, Layout layout) {
        this.dirName = dirName;
        this.layout = layout;
    }

    /** The folder and file prefix, e.g. {@code unc+}. */
    public String dirName() {
        return dirName;
    }

    /** Whether {@code trainval} is a file of its own ({@code referit_trainval.pth}) rather than train + val. */
    public boolean hasOwnTrainval() {
        return this == REFERIT;
    }

    /** The dataset whose folder is {@code dirName} ({@code unc}, {@code unc+}, {@code gref}, ...). */
    public static TransVgDataset of(String dirName) {
        for (TransVgDataset d : values()) {
            if (d.dirName.equals(dirName)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown TransVG dataset '" + dirName + "'; expected one of unc, unc+, gref, "
                + "gref_umd, referit, flickr");
    }
}
