package io.simvg.examples.viz;

import io.simvg.zoo.predict.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws grounding results for people to look at: predicted boxes as solid {@link #PREDICTION} rectangles with their
 * score (best drawn last, so its label stays readable), ground-truth boxes as dashed {@link #GROUND_TRUTH}
 * rectangles, and the expression in a caption strip below the picture. Small images (the 128-pixel demo set) are
 * enlarged by an integer factor with nearest-neighbour sampling so that the longer side reaches {@value #MIN_SIDE}
 * pixels and boxes and labels stay legible; box edges are drawn without anti-aliasing so their colour is exact.
 */
public final class BoxPainter {

    public static final Color PREDICTION = new Color(255, 48, 32);
    public static final Color GROUND_TRUTH = new Color(32, 208, 64);
    public static final Color CAPTION_BACKGROUND = new Color(24, 24, 24);
    /** Images whose longer side is shorter than this are enlarged. */
    public static final int MIN_SIDE = 512;

    /** The integer enlargement for a {@code width × height} image (1 for images already large enough). */
    public static int scaleFor(int width, int height) {
        int longer = Math.max(width, height);
        return longer >= MIN_SIDE ? 1 : (MIN_SIDE + longer - 1) / longer;
    }

    /**
     * @param image       the original picture (boxes are in its pixels)
     * @param predictions predicted boxes with scores, drawn solid
     * @param groundTruth GT boxes {@code [x1,y1,x2,y2]}, drawn dashed; may be empty
     * @param caption     the expression (and anything else worth showing), wrapped under the picture
     */
    public BufferedImage paint(BufferedImage image, List<Detection> predictions, List<double[]> groundTruth,
                               String caption) {
        int k = scaleFor(image.getWidth(), image.getHeight());
        int w = image.getWidth() * k;
        int h = image.getHeight() * k;
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(14, w / 36));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        pg.dispose();
        List<String> lines = wrap(caption == null ? "" : caption, fm, w - 2 * pad(fm));
        if (!groundTruth.isEmpty()) {
            lines.add("solid: prediction   dashed: ground truth");
        }
        int strip = lines.size() * fm.getHeight() + 2 * pad(fm);

        BufferedImage out = new BufferedImage(w, h + strip, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(image, 0, 0, w, h, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            float line = Math.max(2f, w / 200f);
            g.setColor(GROUND_TRUTH);
            g.setStroke(new BasicStroke(line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4 * line, 3 * line}, 0f));
            for (double[] b : groundTruth) {
                g.drawRect(px(b[0], k), px(b[1], k), px(b[2], k) - px(b[0], k), px(b[3], k) - px(b[1], k));
            }
            g.setStroke(new BasicStroke(line));
            g.setFont(font);
            for (Detection d : predictions.stream().sorted(Comparator.comparingDouble(Detection::score)).toList()) {
                int x1 = px(d.x1(), k);
                int y1 = px(d.y1(), k);
                g.setColor(PREDICTION);
                g.drawRect(x1, y1, px(d.x2(), k) - x1, px(d.y2(), k) - y1);
                label(g, fm, String.format(Locale.ROOT, "%.2f", d.score()), x1, y1, w);
            }
            g.setColor(CAPTION_BACKGROUND);
            g.fillRect(0, h, w, strip);
            g.setColor(Color.WHITE);
            int y = h + pad(fm) + fm.getAscent();
            for (String l : lines) {
                g.drawString(l, pad(fm), y);
                y += fm.getHeight();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes {@code image} as PNG, creating parent directories. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** The score on a filled tab above the box's top-left corner (inside the box when it touches the top). */
    private static void label(Graphics2D g, FontMetrics fm, String text, int x, int y, int width) {
        int tw = fm.stringWidth(text) + 6;
        int th = fm.getHeight();
        int lx = Math.min(Math.max(x, 0), Math.max(0, width - tw));
        int ly = y - th >= 0 ? y - th : y;
        g.setColor(PREDICTION);
        g.fillRect(lx, ly, tw, th);
        g.setColor(Color.WHITE);
        g.drawString(text, lx + 3, ly + fm.getAscent());
    }

    private static int px(double v, int k) {
        return (int) Math.round(v * k);
    }

    private static int pad(FontMetrics fm) {
        return Math.max(4, fm.getHeight() / 3);
    }

    /** Greedy word wrap to {@code max} pixels. */
    private static List<String> wrap(String text, FontMetrics fm, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            String candidate = cur.length() == 0 ? word : cur + " " + word;
            if (cur.length() > 0 && fm.stringWidth(candidate) > max) {
                lines.add(cur.toString());
                cur = new StringBuilder(word);
            } else {
                cur = new StringBuilder(candidate);
            }
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        return lines;
    }
}
