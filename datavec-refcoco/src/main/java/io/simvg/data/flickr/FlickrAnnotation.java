package io.simvg.data.flickr;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of {@code Annotations/<id>.xml} as the official {@code get_annotations} returns it, plus the objects this
 * reader found unusable.
 *
 * @param width      {@code size/width}
 * @param height     {@code size/height}
 * @param boxes      chain id → its boxes in document order, 0-based (XML value − 1); a box shared by several chains is
 *                   listed under each
 * @param scene      chain ids of box-less objects flagged {@code scene}
 * @param noBox      chain ids of box-less objects flagged {@code nobndbox}
 * @param badChains  chain id → the problem with one of its objects (unparsable coordinates, zero area, outside the
 *                   image); phrases of such a chain are invalid records
 */
public record FlickrAnnotation(int width, int height, Map<String, List<BoxXyxy>> boxes, Set<String> scene,
                               Set<String> noBox, Map<String, GroundingDataException> badChains) {

    public FlickrAnnotation {
        boxes = Map.copyOf(boxes);
        scene = Set.copyOf(scene);
        noBox = Set.copyOf(noBox);
        badChains = Map.copyOf(badChains);
    }

    /**
     * MDETR's sample filter: the phrase's chain id is a key of {@code boxes}. A chain with an unusable object counts as
     * boxed too, so its phrases become invalid records rather than silent exclusions.
     */
    public boolean hasBoxes(String phraseId) {
        return boxes.containsKey(phraseId) || badChains.containsKey(phraseId);
    }
}
