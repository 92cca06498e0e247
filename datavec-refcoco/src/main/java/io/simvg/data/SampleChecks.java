package io.simvg.data;

import io.simvg.data.text.ExpressionCleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The record-level checks every reader applies before it hands out a sample. */
public final class SampleChecks {

    /**
     * How far a box may reach past the image border, in pixels: one pixel absorbs 1-based
     * annotations (Flickr30K XML, ReferIt) and float round-off; anything further is an error.
     */
    public static final double BORDER_TOLERANCE = 1.0;

    private SampleChecks() {
    }

    /** Checks the image file, the expression and every box; throws naming {@code source} and the field. */
    public static void check(GroundingSample s) {
        RecordSource src = s.source();
        if (!Files.isRegularFile(s.image())) {
            throw new GroundingDataException(src, "image file not found: " + s.image());
        }
        checkExpression(src, s.expression());
        checkBoxes(src, s.boxes(), s.imageWidth(), s.imageHeight());
    }

    public static void checkExpression(RecordSource src, String expression) {
        if (expression == null) {
            throw new GroundingDataException(src, "field 'expression' is missing");
        }
        if (ExpressionCleaner.clean(expression).isBlank()) {
            throw new GroundingDataException(src, "expression '" + expression + "' is empty after cleaning");
        }
    }

    /** Zero/negative-area boxes and boxes outside a known image size ({@code width > 0}) are errors. */
    public static void checkBoxes(RecordSource src, List<BoxXyxy> boxes, int width, int height) {
        for (int i = 0; i < boxes.size(); i++) {
            checkBox(src, "box " + i, boxes.get(i), width, height);
        }
    }

    public static void checkBox(RecordSource src, String field, BoxXyxy b, int width, int height) {
        if (!(Double.isFinite(b.x1()) && Double.isFinite(b.y1()) && Double.isFinite(b.x2()) && Double.isFinite(b.y2()))) {
            throw new GroundingDataException(src, field + " " + b + " has a non-finite coordinate");
        }
        if (b.width() <= 0 || b.height() <= 0) {
            throw new GroundingDataException(src, field + " " + b + " has zero area");
        }
        if (width > 0 && height > 0) {
            double t = BORDER_TOLERANCE;
            if (b.x1() < -t || b.y1() < -t || b.x2() > width + t || b.y2() > height + t) {
                throw new GroundingDataException(src, field + " " + b + " lies outside the " + width + "x" + height + " image");
            }
        }
    }

    /** Checks {@code s} and returns it, or routes the problem through {@code policy} and returns {@code null}. */
    public static GroundingSample checked(GroundingSample s, InvalidRecords policy) {
        try {
            check(s);
            return s;
        } catch (GroundingDataException e) {
            policy.handle(e);
            return null;
        }
    }

    /** A relative path inside {@code root}, refusing names that climb out of it. */
    public static Path resolveInside(Path root, String name, RecordSource src) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new GroundingDataException(src, "file name '" + name + "' points outside " + root);
        }
        return p;
    }
}
