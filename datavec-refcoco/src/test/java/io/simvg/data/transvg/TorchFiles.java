package io.simvg.data.transvg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Pickler;

/** Builds legacy {@code torch.save} files for tests, with Pyrolite's pickler (protocol 2). */
final class TorchFiles {

    private TorchFiles() {
    }

    /** A legacy container holding {@code data} and the given storage keys. */
    static Path writeLegacy(Path file, Object data, List<?> storageKeys) {
        return writeLegacyRaw(file, pickle(data), storageKeys);
    }

    /** A legacy container whose data pickle is {@code dataPickle} as given. */
    static Path writeLegacyRaw(Path file, byte[] dataPickle, List<?> storageKeys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pickle(TorchPickleFile.MAGIC_NUMBER));
        out.writeBytes(pickle(TorchPickleFile.PROTOCOL_VERSION));
        out.writeBytes(pickle(Map.of("protocol_version", 1001, "little_endian", true)));
        out.writeBytes(dataPickle);
        out.writeBytes(pickle(storageKeys));
        try {
            return Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pickle(Object o) {
        try {
            return new Pickler(false).dumps(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes from {@code 0x..} pairs and plain ASCII characters, for hand-written pickles. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) p).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }
}
