package io.simvg.examples.synthetic;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws a scene with Java2D (antialiased, pure stroke geometry so edges sit where the boxes say) and encodes it as
 * JPEG. JPEG rather than PNG because SimVG's loader (and {@code SeqTrJsonReader}) names COCO-style images
 * {@code COCO_train2014_%012d.jpg}, and because textured backgrounds would make PNGs five times larger.
 */
final class SceneRenderer {

    /** High enough that shape edges and colours survive; ImageIO's JPEG encoder is deterministic. */
    static final float JPEG_QUALITY = 0.92f;

    private SceneRenderer() {
    }

    static BufferedImage render(Scene scene) {
        int w = scene.width();
        int h = scene.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, scene.backdrop().pixels(w, h), 0, w);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            double rim = Math.max(1.0, 1.5 * w / ShapeSize.REFERENCE_SIZE);
            for (PlacedShape s : scene.shapes()) {
                // the rim is the full outline in a darker shade, the fill an inset copy: nothing leaves the box
                g.setColor(s.colour().rim());
                g.fill(s.kind().outline(s.x(), s.y(), s.w(), s.h()));
                g.setColor(s.colour().fill());
                g.fill(s.kind().outline(s.x() + rim, s.y() + rim, s.w() - 2 * rim, s.h() - 2 * rim));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no ImageIO JPEG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
