package io.simvg.examples.synthetic;

import java.util.List;

/**
 * The noun phrase of an expression: an optional size, an optional colour and a kind, where a missing kind is spoken
 * as "shape" ("the red shape", "all large shapes"). A shape matches when it has every attribute named.
 */
public record Descriptor(ShapeSize size, ShapeColour colour, ShapeKind kind) {

    static final String ANY_KIND = "shape";
    static final String ANY_KIND_PLURAL = "shapes";

    public static Descriptor of(ShapeColour colour, ShapeKind kind) {
        return new Descriptor(null, colour, kind);
    }

    public static Descriptor of(ShapeKind kind) {
        return new Descriptor(null, null, kind);
    }

    public boolean matches(PlacedShape s) {
        return (size == null || s.size() == size) && (colour == null || s.colour() == colour)
                && (kind == null || s.kind() == kind);
    }

    /** The matching shapes in scene order. */
    public List<PlacedShape> matches(Scene scene) {
        return scene.shapes().stream().filter(this::matches).toList();
    }

    public Descriptor withoutSize() {
        return new Descriptor(null, colour, kind);
    }

    /** "small red circle", "blue shapes". */
    public String phrase(boolean plural) {
        StringBuilder b = new StringBuilder();
        if (size != null) {
            b.append(size.word()).append(' ');
        }
        if (colour != null) {
            b.append(colour.word()).append(' ');
        }
        if (kind == null) {
            b.append(plural ? ANY_KIND_PLURAL : ANY_KIND);
        } else {
            b.append(plural ? kind.plural() : kind.word());
        }
        return b.toString();
    }
}
