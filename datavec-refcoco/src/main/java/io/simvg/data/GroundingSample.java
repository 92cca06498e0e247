package io.simvg.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One image–expression pair as a dataset's official loader defines it.
 *
 * @param dataset     dataset key, e.g. {@code refcoco_unc}, {@code seqtr_json/grefs_grec}
 * @param split       split name as the toolkit spells it
 * @param image       image file
 * @param expression  the expression as stored (cleaning and lower-casing happen in the tokenizer)
 * @param boxes       target boxes in original-image pixels; empty = no target (gRefCOCO)
 * @param imageWidth  width stated by the annotation, 0 when the format does not state it
 * @param imageHeight height stated by the annotation, 0 when the format does not state it
 * @param source      annotation file and record, for error messages and evaluation reports
 */
public record GroundingSample(String dataset, String split, Path image, String expression, List<BoxXyxy> boxes,
                              int imageWidth, int imageHeight, RecordSource source) {

    public GroundingSample {
        boxes = List.copyOf(boxes);
    }

    public boolean noTarget() {
        return boxes.isEmpty();
    }

    public boolean hasImageSize() {
        return imageWidth > 0 && imageHeight > 0;
    }
}
