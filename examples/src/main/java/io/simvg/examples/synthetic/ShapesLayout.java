package io.simvg.examples.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where a generated data set puts its files, chosen so that {@code DatasetFormat.open} finds everything with each
 * reader's default image location:
 * <pre>
 * root/annotations/shapes/instances.json          SeqTR/SimVG REC json      -> SeqTrJsonReader "shapes"
 * root/annotations/grefs_shapes/instances.json    SimVG's gRefCOCO json     -> SeqTrJsonReader "grefs_shapes" (isGrec)
 * root/images/mscoco/train2014/COCO_train2014_%012d.jpg   images, as SimVG names COCO images
 * root/grefcoco/grefs(unc).json                   gRefCOCO refs             -> GRefCocoReader(root, "unc")
 * root/grefcoco/instances.json                    COCO images/annotations/categories of every shape
 * root/images/train2014/                          the same images for the gRefCOCO reader: hard links (copies where
 *                                                 links are not possible), as its default image directory differs
 * </pre>
 */
public record ShapesLayout(Path root) {

    /** SeqTR data set name of the REC file. */
    public static final String REC_NAME = "shapes";
    /** SeqTR data set name of the GREC file; the {@code grefs} prefix is what makes the reader treat it as GREC. */
    public static final String GREC_NAME = "grefs_shapes";
    /** gRefCOCO's split-by name in {@code grefs(unc).json}. */
    public static final String SPLIT_BY = "unc";

    public Path recInstances() {
        return root.resolve("annotations").resolve(REC_NAME).resolve("instances.json");
    }

    public Path grecInstances() {
        return root.resolve("annotations").resolve(GREC_NAME).resolve("instances.json");
    }

    public Path grefs() {
        return root.resolve("grefcoco").resolve("grefs(" + SPLIT_BY + ").json");
    }

    public Path cocoInstances() {
        return root.resolve("grefcoco").resolve("instances.json");
    }

    /** The directory SimVG's loader reads COCO images from (relative to the SeqTR root). */
    public Path seqtrImageDir() {
        return root.resolve("images").resolve("mscoco").resolve("train2014");
    }

    /** The default image directory of {@code GRefCocoReader}. */
    public Path grefcocoImageDir() {
        return root.resolve("images").resolve("train2014");
    }

    public static String fileName(long imageId) {
        return String.format(Locale.ROOT, "COCO_train2014_%012d.jpg", imageId);
    }

    /** Makes the SeqTR image {@code fileName} visible in the gRefCOCO image directory too. */
    public void mirror(String fileName) throws IOException {
        Path target = grefcocoImageDir().resolve(fileName);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        Path source = seqtrImageDir().resolve(fileName);
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
