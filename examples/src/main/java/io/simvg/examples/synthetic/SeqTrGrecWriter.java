package io.simvg.examples.synthetic;

import static io.simvg.examples.synthetic.JsonFiles.obj;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GREC expressions in SimVG's gRefCOCO json (output of {@code convert_gref_only_format_trainset.py}, SIMVG.md
 * §5.3): {@code train} entries group all expressions of an image, other splits hold one expression per entry. Per
 * expression, {@code bbox[k]} lists its target boxes and {@code annotations[k]} MDETR-style annotations; a no-target
 * expression has the single annotation {@code category_id -1, bbox [0,0,0,0], area -1, iscrowd -1, empty true},
 * which is how SimVG (and {@code SeqTrJsonReader}) recognises it. {@code tokens_positive} spans the whole expression
 * (the synthetic expressions have no separate head noun span worth recording).
 */
final class SeqTrGrecWriter {

    private SeqTrGrecWriter() {
    }

    static void write(Path file, Map<String, List<AnnotatedImage>> splits) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, List<AnnotatedImage>> split : splits.entrySet()) {
            boolean grouped = split.getKey().equals("train");
            List<Object> entries = new ArrayList<>();
            for (AnnotatedImage img : split.getValue()) {
                if (grouped) {
                    entries.add(entry(img, allExpressions(img)));
                } else {
                    for (int k = 0; k < img.grec().size(); k++) {
                        entries.add(entry(img, List.of(k)));
                    }
                }
            }
            root.put(split.getKey(), entries);
        }
        JsonFiles.write(file, root);
    }

    private static List<Integer> allExpressions(AnnotatedImage img) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < img.grec().size(); k++) {
            out.add(k);
        }
        return out;
    }

    private static Map<String, Object> entry(AnnotatedImage img, List<Integer> expressionIndices) {
        List<Object> annotations = new ArrayList<>();
        List<Object> expressions = new ArrayList<>();
        List<Object> boxes = new ArrayList<>();
        for (int k : expressionIndices) {
            GroundedExpression e = img.grec().get(k);
            long sentId = img.grecSentenceId(k);
            List<Object> anns = new ArrayList<>();
            List<Object> exprBoxes = new ArrayList<>();
            List<List<Integer>> span = List.of(List.of(0, e.text().length()));
            if (e.targets().isEmpty()) {
                anns.add(obj("area", -1, "iscrowd", -1, "image_id", sentId, "category_id", -1, "id", sentId * 10,
                        "bbox", List.of(0, 0, 0, 0), "empty", true, "original_id", -1, "tokens_positive", span));
                exprBoxes.add(List.of(0, 0, 0, 0));
            }
            for (int t = 0; t < e.targets().size(); t++) {
                PlacedShape s = e.targets().get(t);
                anns.add(obj("area", JsonFiles.area(s), "iscrowd", 0, "image_id", sentId,
                        "category_id", s.kind().categoryId(), "id", sentId * 10 + t, "empty", false,
                        "bbox", JsonFiles.xywh(s), "original_id", img.annotationId(s), "tokens_positive", span));
                exprBoxes.add(JsonFiles.xywh(s));
            }
            annotations.add(anns);
            expressions.add(e.text());
            boxes.add(exprBoxes);
        }
        return obj("image_id", img.imageId(), "annotations", annotations, "expressions", expressions,
                "height", img.scene().height(), "width", img.scene().width(), "bbox", boxes);
    }
}
