package io.simvg.examples.synthetic;

import static io.simvg.examples.synthetic.JsonFiles.obj;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REC expressions as a SeqTR/SimVG {@code instances.json} ({@code {split: [entry, ...]}}, SIMVG.md §5.2): one
 * entry per referred shape with {@code image_id}, {@code height}, {@code width}, {@code bbox} = {@code [x, y, w, h]}
 * and {@code expressions}; {@code category_id} and {@code ann_id} are kept for tracing (SimVG ignores them). Every
 * shape is referred to by at most one expression, so each entry holds one, as SeqTR's val/test entries do.
 */
final class SeqTrRecWriter {

    private SeqTrRecWriter() {
    }

    static void write(Path file, Map<String, List<AnnotatedImage>> splits) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, List<AnnotatedImage>> split : splits.entrySet()) {
            List<Object> entries = new ArrayList<>();
            for (AnnotatedImage img : split.getValue()) {
                for (GroundedExpression e : img.rec()) {
                    PlacedShape target = e.targets().get(0);
                    entries.add(obj("image_id", img.imageId(), "height", img.scene().height(),
                            "width", img.scene().width(), "bbox", JsonFiles.xywh(target),
                            "expressions", List.of(e.text()), "category_id", target.kind().categoryId(),
                            "ann_id", img.annotationId(target)));
                }
            }
            root.put(split.getKey(), entries);
        }
        JsonFiles.write(file, root);
    }
}
