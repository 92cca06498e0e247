package io.simvg.weights.torch;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy container (torch &lt; 1.6, or {@code _use_new_zipfile_serialization=False}): five pickles back to back
 * (magic number {@code 0x1950a86a20f9469cfc6c}, protocol version 1001, sys_info, the data, the list of storage keys),
 * then for each key in that list an 8-byte element count and the storage's raw bytes.
 * <p>
 * Opening reads the pickles and walks the storage headers once to record where each storage starts; the data is
 * read later, on demand, through a {@link FileChannel}.
 */
final class LegacyContainer implements TorchContainer {

    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final int PROTOCOL_VERSION = 1001;
    private static final String[] PARTS = {"magic number", "protocol version", "sys_info", "data", "storage keys"};

    private final Path file;
    private final FileChannel channel;
    private final Object data;
    private final ByteOrder byteOrder;
    /** Start of each storage's bytes and how many of them the file holds. */
    private final Map<String, long[]> storages = new HashMap<>();
    private String damage;

    private LegacyContainer(Path file, FileChannel channel, Object data, ByteOrder byteOrder) {
        this.file = file;
        this.channel = channel;
        this.data = data;
        this.byteOrder = byteOrder;
    }

    static LegacyContainer open(Path file) {
        Object[] parts = new Object[PARTS.length];
        TorchUnpickler dataUnpickler = new TorchUnpickler();
        long end;
        try (PositionStream in = new PositionStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < parts.length; i++) {
                try {
                    // one unpickler (and memo) per pickle, like torch's successive pickle.load calls
                    parts[i] = (i == 3 ? dataUnpickler : new TorchUnpickler()).load(in);
                } catch (IOException | RuntimeException e) {
                    throw new TorchFormatException(file, null, i == 0
                            ? "not a torch.save file: neither a zip archive nor a pickle stream (" + e.getMessage() + ")"
                            : "truncated or corrupt torch file: cannot read its " + PARTS[i] + " pickle ("
                            + e.getMessage() + ")", e);
                }
                if (i == 0) {
                    checkMagic(file, parts[0]);
                }
            }
            end = in.position;
        } catch (IOException e) {
            throw new TorchFormatException(file, null, "cannot read: " + e, e);
        }
        if (!(parts[1] instanceof Number v) || v.intValue() != PROTOCOL_VERSION) {
            throw new TorchFormatException(file, null, "unsupported legacy protocol version " + parts[1]);
        }
        ByteOrder order = parts[2] instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!(parts[4] instanceof List<?> keys)) {
            throw new TorchFormatException(file, null, "corrupt torch file: the storage keys are not a list but "
                    + TorchUnpickler.describe(parts[4]));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new TorchFormatException(file, null, "cannot open: " + e, e);
        }
        LegacyContainer container = new LegacyContainer(file, channel, parts[3], order);
        try {
            container.locateStorages(keys, dataUnpickler.rootStorages(), end);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof TorchFormatException t ? t
                    : new TorchFormatException(file, null, "cannot read the storages: " + e, e);
        }
        return container;
    }

    private static void checkMagic(Path file, Object first) {
        boolean integer = first instanceof BigInteger || first instanceof Long || first instanceof Integer;
        if (!integer || !new BigInteger(first.toString()).equals(MAGIC_NUMBER)) {
            throw new TorchFormatException(file, null, "not a torch.save file: it starts with a pickle of "
                    + TorchUnpickler.describe(first) + ", not torch's magic number 0x" + MAGIC_NUMBER.toString(16));
        }
    }

    /** Walks the (count, bytes) records after the pickles; a truncated file is remembered, not thrown, here. */
    private void locateStorages(List<?> keys, Map<String, StorageRef> refs, long position) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(8).order(byteOrder);
        for (Object k : keys) {
            String key = String.valueOf(k);
            StorageRef ref = refs.get(key);
            if (ref == null || ref.dtype() == null) {
                throw new TorchFormatException(file, null, "storage '" + key + "' is listed but "
                        + (ref == null ? "no persistent id names it" : "its type " + ref.typeName()
                        + " is not supported") + ", so its size in bytes is unknown");
            }
            header.clear();
            if (position + 8 > size || channel.read(header, position) != 8) {
                storages.put(key, new long[] {position, 0});
                damage = damage != null ? damage : "truncated: the header of storage '" + key + "' at byte " + position
                        + " is past the end of the file (" + size + " bytes)";
                position = size;
                continue;
            }
            long count = header.getLong(0);
            if (count != ref.rootNumel()) {
                throw new TorchFormatException(file, null, "corrupt torch file: storage '" + key + "' at byte "
                        + position + " has " + count + " elements, its persistent id says " + ref.rootNumel());
            }
            long start = position + 8;
            long bytes = count * ref.dtype().itemSize();
            long available = Math.min(bytes, size - start);
            storages.put(key, new long[] {start, available});
            if (available < bytes && damage == null) {
                damage = "truncated: storage '" + key + "' needs bytes " + start + ".." + (start + bytes)
                        + " but the file has " + size;
            }
            position = Math.min(start + bytes, size);
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
        long[] s = storages.get(key);
        return s == null ? -1 : s[1];
    }

    @Override
    public String location(String key) {
        long[] s = storages.get(key);
        return "legacy storage '" + key + "'" + (s == null ? " (not in the storage list)" : " at byte " + s[0]);
    }

    @Override
    public InputStream open(String key, long byteOffset) throws IOException {
        long[] s = storages.get(key);
        if (s == null) {
            throw new IOException("storage '" + key + "' is not in the file's storage list");
        }
        return new ChannelStream(channel, s[0] + byteOffset, s[0] + s[1]);
    }

    @Override
    public void verifyComplete() {
        if (damage != null) {
            throw new TorchFormatException(file, null, damage);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Counts the bytes handed out (mark/reset aware), to find where the storages begin after the last pickle. */
    private static final class PositionStream extends FilterInputStream {

        long position;
        private long marked;

        PositionStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position += skipped;
            return skipped;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = position;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            position = marked;
        }
    }

    /** Positional reads of [position, end) that leave the shared channel open and its position alone. */
    private static final class ChannelStream extends InputStream {

        private final FileChannel channel;
        private long position;
        private final long end;

        ChannelStream(FileChannel channel, long position, long end) {
            this.channel = channel;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}
