package io.simvg.data.transvg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.GroundingDataException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torch containers. {@code unc_train_legacy.pth} is a copy of the TransVG fixture {@code unc_train.pth}; its
 * {@code _zip} and {@code _p0} variants come from {@code scripts/make_zip_pth.py}.
 */
class TorchPickleFileTest {

    static Path resource(String name) {
        try {
            return Path.of(TorchPickleFileTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void zipAndProtocol0ContainersHoldTheSameDataAsTheLegacyOne() {
        Object legacy = plain(TorchPickleFile.load(resource("unc_train_legacy.pth")));
        assertEquals(6, ((List<?>) legacy).size());
        assertEquals(legacy, plain(TorchPickleFile.load(resource("unc_train_zip.pth"))));
        assertEquals(legacy, plain(TorchPickleFile.load(resource("unc_train_p0.pth"))));
        List<?> third = (List<?>) ((List<?>) legacy).get(2);
        assertEquals(List.of("COCO_train2014_000000100001.jpg", "1001.pth", List.of(3.5, 4.25, 20.0, 30.5),
                "woman by the caf\u00e9"), third.subList(0, 4));
    }

    /** The committed zip is written like torch's: STORED entries with data descriptors, which ZipInputStream refuses. */
    @Test
    void zipFixtureUsesDataDescriptorsLikeTorch() throws IOException {
        byte[] zip = Files.readAllBytes(resource("unc_train_zip.pth"));
        int flags = (zip[6] & 0xff) | (zip[7] & 0xff) << 8;
        int method = (zip[8] & 0xff) | (zip[9] & 0xff) << 8;
        assertEquals(8, flags & 8, "general purpose flag bit 3 (data descriptor)");
        assertEquals(ZipEntry.STORED, method);
        try (InputStream in = Files.newInputStream(resource("unc_train_zip.pth"));
             ZipInputStream zin = new ZipInputStream(in)) {
            ZipException e = assertThrows(ZipException.class, zin::getNextEntry);
            assertTrue(e.getMessage().contains("EXT descriptor"), e.getMessage());
        }
    }

    @Test
    void python2ByteStringsAreDecodedAsUtf8LikeTorchLoad(@TempDir Path tmp) {
        // protocol 2: [ 'caf\xc3\xa9' (SHORT_BINSTRING), u'ok' (BINUNICODE) ]
        byte[] data = TorchFiles.bytes(0x80, 2, "]", "(", "U", 5, "caf", 0xc3, 0xa9, "X", 2, 0, 0, 0, "ok", "e", ".");
        Path file = TorchFiles.writeLegacyRaw(tmp.resolve("py2.pth"), data, List.of());
        assertEquals(List.of("caf\u00e9", "ok"), TorchPickleFile.load(file));

        byte[] bad = TorchFiles.bytes(0x80, 2, "U", 2, 0xff, 0xfe, ".");
        Path badFile = TorchFiles.writeLegacyRaw(tmp.resolve("bad.pth"), bad, List.of());
        assertMessage(badFile, badFile + ": a Python 2 string is not valid UTF-8");
    }

    @Test
    void tensorStoragesAreRefused(@TempDir Path tmp) {
        // protocol 2: BINPERSID of ('storage', 'FloatStorage', '0', 'cpu', 4), as torch writes for a tensor
        byte[] data = TorchFiles.bytes(0x80, 2, "(", "X", 7, 0, 0, 0, "storage", "X", 1, 0, 0, 0, "0", "t", "Q", ".");
        Path file = TorchFiles.writeLegacyRaw(tmp.resolve("tensor.pth"), data, List.of());
        assertMessage(file, file + ": holds a tensor storage (persistent id ");
        Path keys = TorchFiles.writeLegacy(tmp.resolve("keys.pth"), List.of(), List.of("0", "1"));
        assertMessage(keys, keys + ": holds 2 tensor storage(s)");
    }

    @Test
    void nonTorchFilesAreNamed(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.pth"), "hello, not a pickle\n");
        assertMessage(text, text + ": not a torch.save file: neither a zip archive nor a pickle stream");
        Path plainPickle = Files.write(tmp.resolve("plain.pth"), TorchFiles.pickle(List.of("a", "b")));
        assertMessage(plainPickle, plainPickle + ": not a torch.save file: it starts with a pickle of ArrayList [a, b]");
        Path zip = tmp.resolve("other.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("not torch".getBytes());
        }
        assertMessage(zip, zip + ": not a torch.save zip archive: expected one <archive>/data.pkl entry, found 0");
        assertMessage(tmp.resolve("absent.pth"), tmp.resolve("absent.pth") + ": file not found");
    }

    @Test
    void truncatedFilesAreNamed(@TempDir Path tmp) throws IOException {
        for (String name : List.of("unc_train_legacy.pth", "unc_train_p0.pth", "unc_train_zip.pth")) {
            byte[] whole = Files.readAllBytes(resource(name));
            Path cut = Files.write(tmp.resolve(name), Arrays.copyOf(whole, whole.length * 2 / 3));
            GroundingDataException e = assertThrows(GroundingDataException.class, () -> TorchPickleFile.load(cut));
            assertTrue(e.getMessage().startsWith(cut + ": truncated or corrupt"), e.getMessage());
        }
    }

    private static void assertMessage(Path file, String start) {
        GroundingDataException e = assertThrows(GroundingDataException.class, () -> TorchPickleFile.load(file));
        assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage() + "\nexpected start: " + start);
        assertEquals(file, e.file());
    }

    /** Tuples (Pyrolite {@code Object[]}) as lists, so unpickled values compare with {@code equals}. */
    static Object plain(Object o) {
        if (o instanceof Object[] a) {
            return plain(Arrays.asList(a));
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return o;
    }
}
