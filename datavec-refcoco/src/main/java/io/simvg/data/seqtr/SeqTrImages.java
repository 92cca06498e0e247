package io.simvg.data.seqtr;

import io.simvg.data.RecordSource;
import io.simvg.data.refer.Fields;
import java.nio.file.Path;
import java.util.Map;

/**
 * SimVG's image file naming ({@code _load_img}): COCO sets {@code mscoco/train2014/COCO_train2014_%012d.jpg},
 * ReferItGame {@code saiaprtc12/%d.jpg}, Flickr30K {@code flickr30k/%d.jpg}; the {@code mixed} set names the source
 * per entry in {@code data_source}.
 */
final class SeqTrImages {

    private SeqTrImages() {
    }

    static Path path(Path imagesRoot, String datasetName, Map<?, ?> entry, RecordSource src) {
        long id = Fields.integer(entry, "image_id", src);
        Object source = entry.get("data_source");
        String kind = source instanceof String s ? s : kindOf(datasetName);
        return switch (kind) {
            case "coco" -> imagesRoot.resolve("mscoco/train2014").resolve(String.format("COCO_train2014_%012d.jpg", id));
            case "saiaprtc12" -> imagesRoot.resolve("saiaprtc12").resolve(id + ".jpg");
            case "flickr" -> imagesRoot.resolve("flickr30k").resolve(id + ".jpg");
            case "visual-genome" -> imagesRoot.resolve("visual-genome").resolve(id + ".jpg");
            default -> throw new io.simvg.data.GroundingDataException(src, "field 'data_source' is unknown: " + kind);
        };
    }

    private static String kindOf(String datasetName) {
        if (datasetName.startsWith("referit")) {
            return "saiaprtc12";
        }
        if (datasetName.startsWith("flickr")) {
            return "flickr";
        }
        return "coco";
    }
}
