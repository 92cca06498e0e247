package io.simvg.examples.synthetic;

import static io.simvg.examples.synthetic.JsonFiles.obj;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GREC expressions in gRefCOCO's own layout (DATASETS.md §5): {@code grefs(unc).json}, a list of refs with
 * {@code ann_id}/{@code category_id} lists ({@code [-1]} and {@code no_target: true} for no target), one ref per
 * expression; and {@code instances.json} with the COCO {@code images}, {@code annotations} (every shape of every
 * image, with its {@code colour} and {@code size} as extra fields, so the file is also the scene model) and the six
 * shape {@code categories}.
 */
final class GRefCocoWriter {

    private GRefCocoWriter() {
    }

    static void write(ShapesLayout layout, Map<String, List<AnnotatedImage>> splits) throws IOException {
        List<Object> refs = new ArrayList<>();
        List<Object> images = new ArrayList<>();
        List<Object> annotations = new ArrayList<>();
        for (Map.Entry<String, List<AnnotatedImage>> split : splits.entrySet()) {
            for (AnnotatedImage img : split.getValue()) {
                images.add(obj("id", img.imageId(), "file_name", ShapesLayout.fileName(img.imageId()),
                        "height", img.scene().height(), "width", img.scene().width()));
                for (PlacedShape s : img.scene().shapes()) {
                    annotations.add(obj("id", img.annotationId(s), "image_id", img.imageId(),
                            "category_id", s.kind().categoryId(), "bbox", JsonFiles.xywh(s), "area", JsonFiles.area(s),
                            "iscrowd", 0, "colour", s.colour().word(), "size", s.size().word()));
                }
                for (int k = 0; k < img.grec().size(); k++) {
                    refs.add(ref(split.getKey(), img, k));
                }
            }
        }
        List<Object> categories = new ArrayList<>();
        for (ShapeKind k : ShapeKind.values()) {
            categories.add(obj("supercategory", "shape", "id", k.categoryId(), "name", k.word()));
        }
        JsonFiles.write(layout.grefs(), refs);
        JsonFiles.write(layout.cocoInstances(), obj("info", obj("description",
                        "synthetic coloured shapes (io.simvg.examples.synthetic)"), "images", images,
                "annotations", annotations, "categories", categories));
    }

    private static Map<String, Object> ref(String split, AnnotatedImage img, int k) {
        GroundedExpression e = img.grec().get(k);
        long id = img.grecSentenceId(k);
        List<Long> annIds = new ArrayList<>();
        List<Integer> categoryIds = new ArrayList<>();
        for (PlacedShape s : e.targets()) {
            annIds.add(img.annotationId(s));
            categoryIds.add(s.kind().categoryId());
        }
        boolean none = e.targets().isEmpty();
        Map<String, Object> sentence = obj("tokens", Arrays.asList(e.text().split(" ")), "raw", e.text(),
                "sent_id", id, "sent", e.text());
        return obj("ref_id", id, "image_id", img.imageId(), "split", split,
                "file_name", String.format(Locale.ROOT, "COCO_train2014_%012d_%d.jpg", img.imageId(), k),
                "sent_ids", List.of(id), "sentences", List.of(sentence),
                "ann_id", none ? List.of(-1L) : annIds, "category_id", none ? List.of(-1) : categoryIds,
                "no_target", none);
    }
}
