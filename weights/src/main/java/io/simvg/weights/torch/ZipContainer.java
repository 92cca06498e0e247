package io.simvg.weights.torch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip container of torch ≥ 1.6: {@code <archive>/data.pkl} is the data pickle, {@code <archive>/data/<key>} the
 * raw bytes of each storage, and (torch ≥ 2.1) {@code <archive>/byteorder} their byte order. Torch writes STORED
 * entries with data descriptors, which {@link java.util.zip.ZipInputStream} cannot read, so the archive is opened
 * through its central directory with {@link ZipFile}; a storage is then streamed straight from its entry.
 */
final class ZipContainer implements TorchContainer {

    private static final String DATA_PKL = "data.pkl";

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder byteOrder;
    private final Object data;

    private ZipContainer(Path file, ZipFile zip, String prefix, ByteOrder byteOrder, Object data) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.byteOrder = byteOrder;
        this.data = data;
    }

    static ZipContainer open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TorchFormatException(file, null, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new TorchFormatException(file, null, "cannot open: " + e, e);
        }
        try {
            ZipEntry pickle = dataPickle(file, zip);
            String prefix = pickle.getName().substring(0, pickle.getName().length() - DATA_PKL.length());
            ByteOrder order = byteOrder(file, zip, prefix);
            Object data;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle))) {
                data = new TorchUnpickler().load(in);
            } catch (IOException | RuntimeException e) {
                throw new TorchFormatException(file, null, "cannot read the data pickle " + pickle.getName() + " ("
                        + e.getMessage() + ")", e);
            }
            return new ZipContainer(file, zip, prefix, order, data);
        } catch (RuntimeException e) {
            closeQuietly(zip, e);
            throw e;
        }
    }

    private static ZipEntry dataPickle(Path file, ZipFile zip) {
        List<ZipEntry> found = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            String name = e.getName();
            int slash = name.indexOf('/');
            if (name.endsWith("/" + DATA_PKL) && slash == name.length() - DATA_PKL.length() - 1) {
                found.add(e);
            }
        }
        if (found.size() != 1) {
            throw new TorchFormatException(file, null, "not a torch.save zip archive: expected one <archive>/"
                    + DATA_PKL + " entry, found " + found.size());
        }
        return found.get(0);
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // written only since torch 2.1; older files come from little-endian hosts
        }
        try (InputStream in = zip.getInputStream(entry)) {
            String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            return switch (order) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new TorchFormatException(file, null, "unknown byteorder '" + order + "'");
            };
        } catch (IOException e) {
            throw new TorchFormatException(file, null, "cannot read " + entry.getName() + ": " + e, e);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Object data() {
        return data;
    }

    @Override
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    @Override
    public long availableBytes(String key) {
        ZipEntry e = zip.getEntry(entryName(key));
        return e == null ? -1 : e.getSize();
    }

    @Override
    public String location(String key) {
        return "zip entry " + entryName(key);
    }

    @Override
    public InputStream open(String key, long byteOffset) throws IOException {
        ZipEntry e = zip.getEntry(entryName(key));
        if (e == null) {
            throw new IOException("no zip entry " + entryName(key));
        }
        InputStream in = zip.getInputStream(e);
        in.skipNBytes(byteOffset); // a seek for STORED entries
        return in;
    }

    @Override
    public void verifyComplete() {
        // the central directory at the end of the file was read: a truncated archive fails in open()
    }

    private String entryName(String key) {
        return prefix + "data/" + key;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static void closeQuietly(ZipFile zip, RuntimeException failure) {
        try {
            zip.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
