package io.simvg.examples.synthetic;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * A textured background in muted colours (low saturation, medium brightness), so that the saturated shapes stay the
 * only salient things in the image while the model still has to look past texture.
 *
 * @param pattern   the texture
 * @param toneA     first muted colour, RGB
 * @param toneB     second muted colour, RGB
 * @param angle     stripe / gradient direction in radians
 * @param period    stripe period or checker cell, in pixels
 * @param noiseSeed seed of the per-pixel grain added to every pattern
 */
public record Backdrop(Pattern pattern, int toneA, int toneB, double angle, double period, long noiseSeed) {

    /** Background textures. */
    public enum Pattern { NOISE, STRIPES, CHECKER, GRADIENT }

    /** Grain amplitude (±) added to every pattern, in 8-bit levels. */
    private static final int GRAIN = 8;

    /** A random backdrop for an image of {@code size} pixels. */
    public static Backdrop random(SplittableRandom r, int size) {
        Pattern p = Pattern.values()[r.nextInt(Pattern.values().length)];
        float hue = (float) r.nextDouble();
        int a = muted(hue, r);
        int b = muted((float) (hue + 0.1 + r.nextDouble() * 0.3), r);
        double period = size * (0.05 + r.nextDouble() * 0.1);
        return new Backdrop(p, a, b, r.nextDouble() * Math.PI, period, r.nextLong());
    }

    private static int muted(float hue, SplittableRandom r) {
        return Color.HSBtoRGB(hue, (float) (0.05 + r.nextDouble() * 0.2), (float) (0.4 + r.nextDouble() * 0.3)) & 0xFFFFFF;
    }

    /** The backdrop as packed RGB pixels, row-major. */
    public int[] pixels(int width, int height) {
        SplittableRandom grain = new SplittableRandom(noiseSeed);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double span = Math.abs(cos) * width + Math.abs(sin) * height;
        double offset = Math.min(0, cos * width) + Math.min(0, sin * height);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double along = x * cos + y * sin;
                double t = switch (pattern) {
                    case NOISE -> grain.nextDouble();
                    case STRIPES -> Math.floorMod((long) Math.floor(along / (period / 2)), 2);
                    case CHECKER -> Math.floorMod((long) Math.floor(x / period) + (long) Math.floor(y / period), 2);
                    case GRADIENT -> (along - offset) / span;
                };
                out[y * width + x] = grained(mix(toneA, toneB, t), grain.nextInt(-GRAIN, GRAIN + 1));
            }
        }
        return out;
    }

    private static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
        int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return (r << 16) | (g << 8) | bl;
    }

    private static int grained(int rgb, int delta) {
        int r = clamp(((rgb >> 16) & 0xFF) + delta);
        int g = clamp(((rgb >> 8) & 0xFF) + delta);
        int b = clamp((rgb & 0xFF) + delta);
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
