package io.simvg.data.transvg;

import io.simvg.data.GroundingDataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * The data object of a {@code torch.save} file that holds no tensors (lists, tuples, dicts, str, int, float), read with
 * Pyrolite. Both containers are accepted:
 * <ul>
 *   <li><b>legacy</b> (torch &lt; 1.6): five pickles back to back: the magic number {@code 0x1950a86a20f9469cfc6c}, the
 *       protocol version 1001, a sys_info dict, <em>the data</em>, and the list of tensor storage keys;</li>
 *   <li><b>zip</b> (torch ≥ 1.6): the data is the pickle {@code <archive>/data.pkl}. Torch writes STORED entries with data
 *       descriptors, which {@link java.util.zip.ZipInputStream} rejects, so the archive is read through its central
 *       directory with {@link ZipFile}.</li>
 * </ul>
 * Like {@code torch.load}, Python 2 byte strings are decoded as UTF-8. A tensor storage (a persistent id) is an error:
 * reading tensors is out of scope here.
 */
public final class TorchPickleFile {

    /** The legacy container's first pickle ({@code torch.serialization.MAGIC_NUMBER}). */
    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final int PROTOCOL_VERSION = 1001;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final String[] LEGACY_PARTS = {"magic number", "protocol version", "sys_info", "data", "storage keys"};

    private TorchPickleFile() {
    }

    /**
     * The object {@code torch.save} wrote to {@code file}.
     *
     * @throws GroundingDataException naming the file when it is missing, not a torch file, truncated, corrupt, or holds tensors
     */
    public static Object load(Path file) {
        try {
            return isZip(file) ? loadZip(file) : loadLegacy(file);
        } catch (NoSuchFileException e) {
            throw new GroundingDataException(file, null, "file not found");
        } catch (IOException e) {
            throw new GroundingDataException(file, null, "cannot read torch file: " + e, e);
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ZIP_MAGIC.length);
            return Arrays.equals(head, ZIP_MAGIC);
        }
    }

    private static Object loadLegacy(Path file) throws IOException {
        Object[] parts = new Object[LEGACY_PARTS.length];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (int i = 0; i < parts.length; i++) {
                try {
                    // a fresh unpickler per pickle: each one has its own memo, as in torch's separate pickle.load calls
                    parts[i] = new IndexUnpickler(file).load(in);
                } catch (GroundingDataException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new GroundingDataException(file, null, i == 0
                            ? "not a torch.save file: neither a zip archive nor a pickle stream (" + e.getMessage() + ")"
                            : "truncated or corrupt torch file: cannot read its " + LEGACY_PARTS[i] + " pickle ("
                            + e.getMessage() + ")", e);
                }
                if (i == 0) {
                    checkMagic(file, parts[0]);
                }
            }
        }
        if (!(parts[1] instanceof Number v) || v.intValue() != PROTOCOL_VERSION) {
            throw new GroundingDataException(file, null, "unsupported torch legacy protocol version " + parts[1]
                    + " (expected " + PROTOCOL_VERSION + ")");
        }
        if (!(parts[2] instanceof Map)) {
            throw new GroundingDataException(file, null, "corrupt torch file: sys_info is not a dict but " + describe(parts[2]));
        }
        if (!(parts[4] instanceof List<?> keys)) {
            throw new GroundingDataException(file, null, "corrupt torch file: the storage keys are not a list but "
                    + describe(parts[4]));
        }
        if (!keys.isEmpty()) {
            throw new GroundingDataException(file, null, "holds " + keys.size() + " tensor storage(s); only tensor-free"
                    + " objects (lists, tuples, str, numbers) are supported");
        }
        return parts[3];
    }

    private static void checkMagic(Path file, Object first) {
        boolean integer = first instanceof BigInteger || first instanceof Long || first instanceof Integer;
        if (!integer || !new BigInteger(first.toString()).equals(MAGIC_NUMBER)) {
            throw new GroundingDataException(file, null, "not a torch.save file: it starts with a pickle of "
                    + describe(first) + ", not torch's magic number 0x" + MAGIC_NUMBER.toString(16));
        }
    }

    private static Object loadZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> pickles = new ArrayList<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                String name = e.getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    pickles.add(e);
                }
            }
            if (pickles.size() != 1) {
                throw new GroundingDataException(file, null, "not a torch.save zip archive: expected one <archive>/data.pkl"
                        + " entry, found " + pickles.size());
            }
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pickles.get(0)))) {
                return new IndexUnpickler(file).load(in);
            } catch (GroundingDataException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new GroundingDataException(file, pickles.get(0).getName(),
                        "truncated or corrupt torch file: cannot read the data pickle (" + e.getMessage() + ")", e);
            }
        } catch (ZipException e) {
            throw new GroundingDataException(file, null, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        String text = o instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }

    /** Pyrolite with torch's string decoding and a clear refusal of tensor storages. */
    private static final class IndexUnpickler extends Unpickler {

        private static final short STRING = 'S';
        private static final short BINSTRING = 'T';
        private static final short SHORT_BINSTRING = 'U';

        private final Path file;

        IndexUnpickler(Path file) {
            this.file = file;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            Object result = super.dispatch(key);
            if (key == STRING || key == BINSTRING || key == SHORT_BINSTRING) {
                // Pyrolite maps each byte of a Python 2 str to one char; torch.load decodes the bytes as UTF-8.
                stack.add(utf8((String) stack.pop()));
            }
            return result;
        }

        private String utf8(String latin1) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1))).toString();
            } catch (CharacterCodingException e) {
                throw new GroundingDataException(file, null, "a Python 2 string is not valid UTF-8: " + describe(latin1), e);
            }
        }

        @Override
        protected Object persistentLoad(Object pid) {
            throw new GroundingDataException(file, null, "holds a tensor storage (persistent id " + describe(pid)
                    + "); only tensor-free objects (lists, tuples, str, numbers) are supported");
        }
    }
}
