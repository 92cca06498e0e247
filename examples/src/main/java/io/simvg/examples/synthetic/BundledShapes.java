package io.simvg.examples.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A small validation split shipped on the classpath ({@value #RESOURCE}), so the demo and the tests have data without
 * generating or downloading any: {@value #VAL_IMAGES} images of {@value #IMAGE_SIZE} px, seed {@value #SEED}.
 * It was made, from the repository root, by
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * ./simvg synth --out /tmp/shapes-val --seed 20261123 --size 128 --train 0 --val 120 \
 *     --bundle examples/src/main/resources/io/simvg/examples/synthetic/shapes-val.zip
 * </pre>
 * and {@code BundledShapesTest} regenerates it and compares every file. The zip holds the {@link ShapesLayout} tree
 * without the gRefCOCO image mirror, which {@link #extractTo} recreates.
 */
public final class BundledShapes {

    public static final String RESOURCE = "/io/simvg/examples/synthetic/shapes-val.zip";
    public static final long SEED = 20261123L;
    public static final int IMAGE_SIZE = 128;
    public static final int VAL_IMAGES = 120;
    /** Entry time of every zip entry, so packing the same files gives the same zip. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    private BundledShapes() {
    }

    /** The generator settings the bundled split was made with. */
    public static SyntheticGroundingSet generator() {
        return SyntheticGroundingSet.builder().seed(SEED).imageSize(IMAGE_SIZE).images("val", VAL_IMAGES).build();
    }

    /** Unpacks the bundled split under {@code dir} (created if needed) and returns its layout. */
    public static ShapesLayout extractTo(Path dir) throws IOException {
        try (InputStream in = BundledShapes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled split " + RESOURCE + " is not on the classpath");
            }
            return unpack(in, dir);
        }
    }

    /** Unpacks a zip made by {@link #pack} and recreates the gRefCOCO image mirror. */
    static ShapesLayout unpack(InputStream zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        ShapesLayout layout = new ShapesLayout(root);
        try (ZipInputStream z = new ZipInputStream(zip)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("zip entry '" + e.getName() + "' points outside " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(layout.seqtrImageDir())) {
            try (Stream<Path> images = Files.list(layout.seqtrImageDir())) {
                for (Path p : images.sorted().toList()) {
                    layout.mirror(p.getFileName().toString());
                }
            }
        }
        return layout;
    }

    /** Zips a generated tree (without the gRefCOCO image mirror) with sorted entries and fixed entry times. */
    public static void pack(Path generatedRoot, Path zipFile) throws IOException {
        Path root = generatedRoot.toAbsolutePath().normalize();
        Path mirror = new ShapesLayout(root).grefcocoImageDir();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(mirror))
                    .sorted((a, b) -> entryName(root, a).compareTo(entryName(root, b))).toList();
        }
        if (files.isEmpty()) {
            throw new IOException(root + " holds no files to pack");
        }
        Path parent = zipFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(entryName(root, f));
                e.setTimeLocal(ENTRY_TIME);
                z.putNextEntry(e);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }

    private static String entryName(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
