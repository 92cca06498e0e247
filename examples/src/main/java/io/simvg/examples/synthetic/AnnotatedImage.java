package io.simvg.examples.synthetic;

import java.util.List;

/**
 * One generated image: its scene (the ground truth) and its expressions.
 *
 * @param imageId COCO-style id, unique over all splits; the image file is {@link ShapesLayout#fileName(long)}
 * @param rec     REC expressions, one target each, different targets
 * @param grec    GREC expressions (multi-, single- or no-target)
 */
public record AnnotatedImage(String split, long imageId, Scene scene, List<GroundedExpression> rec,
                             List<GroundedExpression> grec) {

    public AnnotatedImage {
        rec = List.copyOf(rec);
        grec = List.copyOf(grec);
    }

    /** COCO annotation id of a shape of this image (ids are unique over the data set). */
    public long annotationId(PlacedShape s) {
        return imageId * 10 + s.index();
    }

    /** Ref / sentence id of the {@code k}-th GREC expression of this image. */
    public long grecSentenceId(int k) {
        return imageId * 10 + k;
    }
}
