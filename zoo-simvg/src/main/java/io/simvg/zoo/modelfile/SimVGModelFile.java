package io.simvg.zoo.modelfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A SimVG model file: one zip holding the SameDiff model ({@value #MODEL_ENTRY}, SameDiff's own FlatBuffers format,
 * loadable with {@code SameDiff.load}), {@value #MANIFEST_ENTRY} ({@link ModelManifest}) and optional extra entries
 * (a trainer stores its optimizer state there). Every entry but the manifest is covered by an Adler32 checksum in
 * the manifest, verified on reading, so a damaged or swapped file is named instead of silently loaded.
 *
 * <p>Writing is atomic: the zip is written to a temporary file in the target directory and renamed into place, so an
 * interrupted run never leaves a half-written model under the requested name.
 */
public final class SimVGModelFile {

    public static final String MODEL_ENTRY = "model.sdfb";
    public static final String MANIFEST_ENTRY = "manifest.json";

    /** Writes the bytes of one extra entry. */
    @FunctionalInterface
    public interface EntryWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A model file read back: its manifest and the stored graph with its parameters. */
    public record Loaded(ModelManifest manifest, SameDiff graph) {
    }

    private SimVGModelFile() {
    }

    /** Writes {@code graph} (parameters only, no updater state) with {@code manifest}; returns the manifest as stored. */
    public static ModelManifest write(Path out, SameDiff graph, ModelManifest manifest) throws IOException {
        return write(out, graph, manifest, Map.of());
    }

    /**
     * Writes {@code graph}, the extra entries in map order and the manifest (with the checksums computed here) to
     * {@code out}, atomically.
     */
    public static ModelManifest write(Path out, SameDiff graph, ModelManifest manifest,
                                      Map<String, EntryWriter> extras) throws IOException {
        for (String name : extras.keySet()) {
            if (name.equals(MODEL_ENTRY) || name.equals(MANIFEST_ENTRY)) {
                throw new IllegalArgumentException("extra entry name '" + name + "' is reserved");
            }
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path sdTemp = Files.createTempFile(dir, ".simvg-model-", ".sdfb");
        // created like any new file (the user's umask applies), unlike createTempFile's owner-only permissions
        Path zipTemp = Files.createFile(dir.resolve("." + out.getFileName() + "." + System.nanoTime() + ".part"));
        try {
            graph.save(sdTemp.toFile(), false);
            Map<String, Long> sums = new LinkedHashMap<>();
            ModelManifest stored;
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipTemp))) {
                zip.setLevel(Deflater.BEST_SPEED);
                sums.put(MODEL_ENTRY, writeStored(zip, MODEL_ENTRY, sdTemp));
                for (Map.Entry<String, EntryWriter> e : extras.entrySet()) {
                    sums.put(e.getKey(), writeEntry(zip, e.getKey(), e.getValue()));
                }
                stored = manifest.withChecksums(sums);
                byte[] json = stored.toJson().getBytes(StandardCharsets.UTF_8);
                writeEntry(zip, MANIFEST_ENTRY, o -> o.write(json));
            }
            Files.move(zipTemp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return stored;
        } finally {
            Files.deleteIfExists(sdTemp);
            Files.deleteIfExists(zipTemp);
        }
    }

    /**
     * Stores a file uncompressed: model weights barely deflate (a few percent) while deflating a gigabyte costs tens of
     * seconds; a stored entry needs its size and CRC up front, computed in a first pass with the Adler32.
     */
    private static long writeStored(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        Adler32 sum = new Adler32();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
                sum.update(buf, 0, n);
            }
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(Files.size(file));
        e.setCompressedSize(Files.size(file));
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        Files.copy(file, zip);
        zip.closeEntry();
        return sum.getValue();
    }

    private static long writeEntry(ZipOutputStream zip, String name, EntryWriter writer) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Adler32 sum = new Adler32();
        CheckedOutputStream checked = new CheckedOutputStream(new NonClosing(zip), sum);
        writer.write(checked);
        checked.flush();
        zip.closeEntry();
        return sum.getValue();
    }

    /** Whether {@code file} looks like a model file (a zip with a manifest), without reading the graph. */
    public static boolean isModelFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry(MANIFEST_ENTRY) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads only the manifest. */
    public static ModelManifest readManifest(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return manifest(zip, file);
        }
    }

    /** Reads the manifest and the graph, verifying the graph's checksum. */
    public static Loaded read(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            ModelManifest manifest = manifest(zip, file);
            Path temp = Files.createTempFile(".simvg-load-", ".sdfb");
            try {
                try (InputStream in = entry(zip, file, manifest, MODEL_ENTRY)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                SameDiff sd;
                try {
                    sd = SameDiff.load(temp.toFile(), false);
                } catch (RuntimeException e) {
                    throw new IOException(file + ": entry " + MODEL_ENTRY + " is not a SameDiff model: " + e, e);
                }
                return new Loaded(manifest, sd);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Reads one entry of a stored extra. */
    @FunctionalInterface
    public interface EntryReader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Reads the extra entry {@code name} with {@code reader}, then checks its Adler32 against the manifest: a mismatch
     * (or a missing entry) is an {@link IOException} naming the file and the entry.
     */
    public static <T> T readExtra(Path file, String name, EntryReader<T> reader) throws IOException {
        try (ZipFile zip = open(file); InputStream in = entry(zip, file, manifest(zip, file), name)) {
            T value = reader.read(in);
            in.transferTo(OutputStream.nullOutputStream()); // reach the end so the checksum is verified
            return value;
        }
    }

    /** Opens the zip; a missing file or a file that is not a zip is named. */
    public static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": model file not found");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a SimVG model file (not a zip archive: " + e.getMessage() + ")", e);
        }
    }

    private static ModelManifest manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry e = zip.getEntry(MANIFEST_ENTRY);
        if (e == null) {
            throw new IOException(file + ": not a SimVG model file (no " + MANIFEST_ENTRY + ")");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return ModelManifest.fromJson(in.readAllBytes(), file.toString());
        }
    }

    private static InputStream entry(ZipFile zip, Path file, ModelManifest manifest, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        Long expected = manifest.checksums().get(name);
        if (e == null) {
            throw new IOException(file + ": entry " + name + " is missing");
        }
        if (expected == null) {
            throw new IOException(file + ": manifest.json records no Adler32 checksum for entry " + name);
        }
        return new VerifyingStream(zip.getInputStream(e), expected, file + ": entry " + name);
    }

    /** Checks the Adler32 of everything read once the entry is exhausted. */
    private static final class VerifyingStream extends CheckedInputStream {
        private final long expected;
        private final String what;
        private boolean verified;

        VerifyingStream(InputStream in, long expected, String what) {
            super(in, new Adler32());
            this.expected = expected;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                verify();
            }
            return n;
        }

        private void verify() throws IOException {
            if (!verified) {
                verified = true;
                long actual = getChecksum().getValue();
                if (actual != expected) {
                    throw new IOException(what + ": Adler32 checksum " + actual + " does not match the manifest's "
                            + expected + " (corrupt or modified file)");
                }
            }
        }
    }

    /** Lets an entry writer close its stream without closing the zip. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
