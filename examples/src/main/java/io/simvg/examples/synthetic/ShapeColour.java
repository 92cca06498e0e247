package io.simvg.examples.synthetic;

import java.awt.Color;

/**
 * Fill colours, saturated and far apart in hue so a small model separates them easily; names are words of the
 * tokenizer corpus (COLOURS). Backgrounds stay muted ({@link Backdrop}) so every colour stands out.
 */
public enum ShapeColour {
    RED("red", 215, 40, 40),
    GREEN("green", 40, 170, 60),
    BLUE("blue", 40, 90, 225),
    YELLOW("yellow", 240, 215, 35),
    PURPLE("purple", 145, 60, 195),
    ORANGE("orange", 245, 135, 20);

    private final String word;
    private final Color fill;

    ShapeColour(String word, int r, int g, int b) {
        this.word = word;
        this.fill = new Color(r, g, b);
    }

    public String word() {
        return word;
    }

    public Color fill() {
        return fill;
    }

    /** A darker rim drawn inside the shape's edge, so the outline stays sharp on any background. */
    public Color rim() {
        return new Color(fill.getRed() * 11 / 20, fill.getGreen() * 11 / 20, fill.getBlue() * 11 / 20);
    }
}
