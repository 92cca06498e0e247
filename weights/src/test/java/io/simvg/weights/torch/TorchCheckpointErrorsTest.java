package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and foreign files fail with a {@link TorchFormatException} naming the file and, where one is concerned, the tensor. */
class TorchCheckpointErrorsTest {

    @TempDir
    Path dir;

    static List<Path[]> fixtures() {
        return TorchCheckpointFixtureTest.checkpoints();
    }

    private static TorchFormatException fails(Path file) {
        TorchFormatException e = assertThrows(TorchFormatException.class, () -> TorchCheckpoint.open(file).close());
        System.out.println(e.getMessage());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    private static void namesTensor(TorchFormatException e, String tensor, String... details) {
        assertEquals(tensor, e.tensor(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + tensor + "'"), e.getMessage());
        for (String d : details) {
            assertTrue(e.getMessage().contains(d), "'" + d + "' not in: " + e.getMessage());
        }
    }

    /** A copy of every fixture checkpoint cut in half: zip archives lose their central directory, legacy files storage bytes. */
    @TestFactory
    Stream<DynamicTest> truncatedCopies() {
        return fixtures().stream().map(p -> DynamicTest.dynamicTest(p[0].getFileName() + "/" + p[1].getFileName(),
                () -> {
                    byte[] all = Files.readAllBytes(p[1]);
                    Path cut = dir.resolve("cut_" + p[1].getFileName());
                    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
                    TorchFormatException e = fails(cut);
                    if (all[0] == 'P') {
                        assertTrue(e.getMessage().contains("truncated or corrupt zip archive"), e.getMessage());
                    } else {
                        List<String> names;
                        try (TorchCheckpoint whole = TorchCheckpoint.open(p[1])) {
                            names = whole.names();
                        }
                        assertTrue(names.contains(e.tensor()), e.getMessage());
                        namesTensor(e, e.tensor(), "truncated or corrupt storage", "legacy storage");
                    }
                }));
    }

    @Test
    void legacyFileCutInsideItsPickles() throws IOException {
        Path legacy = fixtures().stream().map(p -> p[1]).filter(p -> p.toString().contains("legacy")).findFirst()
                .orElseThrow();
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(legacy), 300));
        TorchFormatException e = fails(cut);
        assertNull(e.tensor());
        assertTrue(e.getMessage().contains("cannot read its data pickle"), e.getMessage());
    }

    @Test
    void notATorchFile() throws IOException {
        Path text = dir.resolve("notes.pth");
        Files.writeString(text, "just some text, not a checkpoint\n");
        assertTrue(fails(text).getMessage().contains("not a torch.save file"));

        Path pickle = dir.resolve("int.pth");
        Files.write(pickle, new byte[] {(byte) 0x80, 2, 'K', 7, '.'}); // pickle.dumps(7, protocol=2)
        assertTrue(fails(pickle).getMessage().contains("not torch's magic number"));

        Path zip = dir.resolve("other.zip");
        rewrite(TorchCheckpointSyntheticTest.resource("synthetic_zip.pth"), zip, e -> !e.getName().endsWith("data.pkl"),
                null);
        assertTrue(fails(zip).getMessage().contains("not a torch.save zip archive"));

        Path missing = dir.resolve("missing.pth");
        assertTrue(fails(missing).getMessage().contains("no such file"));
    }

    /** Every fixture zip without the storage of its last tensor, and with that storage 4 bytes short. */
    @TestFactory
    Stream<DynamicTest> damagedStorageEntries() {
        return fixtures().stream().filter(p -> !p[1].toString().contains("legacy")).map(p -> DynamicTest.dynamicTest(
                p[0].getFileName() + "/" + p[1].getFileName(), () -> {
                    String name;
                    String key;
                    try (TorchCheckpoint ckpt = TorchCheckpoint.open(p[1])) {
                        name = ckpt.names().get(ckpt.names().size() - 1);
                        key = ckpt.tensors().get(name).storage().key();
                    }
                    Path removed = dir.resolve("removed.pth");
                    rewrite(p[1], removed, e -> !e.getName().endsWith("/data/" + key), null);
                    namesTensor(fails(removed), name, "missing storage", "/data/" + key);

                    Path shortened = dir.resolve("short.pth");
                    rewrite(p[1], shortened, e -> true, "/data/" + key);
                    namesTensor(fails(shortened), name, "truncated or corrupt storage", "/data/" + key);
                }));
    }

    @Test
    void unsupportedStorageType() {
        namesTensor(fails(TorchCheckpointSyntheticTest.resource("bad_storage_type.pth")), "quantized",
                "unsupported storage type torch.QInt8Storage");
    }

    @Test
    void tensorLargerThanItsStorage() {
        namesTensor(fails(TorchCheckpointSyntheticTest.resource("bad_size.pth")), "too_big", "shape/size mismatch",
                "needs 16 elements", "has 10");
    }

    @Test
    void unsupportedTensorKind() {
        namesTensor(fails(TorchCheckpointSyntheticTest.resource("unsupported_kind.pth")), "qtensor",
                "torch._utils._rebuild_qtensor");
    }

    /** Copies the entries {@code keep} accepts; the one ending with {@code shorten} loses its last 4 bytes. */
    private static void rewrite(Path src, Path dst, Predicate<ZipEntry> keep, String shorten) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile());
             OutputStream raw = Files.newOutputStream(dst);
             ZipOutputStream out = new ZipOutputStream(raw, StandardCharsets.UTF_8)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (!keep.test(e)) {
                    continue;
                }
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (shorten != null && e.getName().endsWith(shorten)) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length - 4);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
