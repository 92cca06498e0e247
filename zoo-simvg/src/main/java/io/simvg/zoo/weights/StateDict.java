package io.simvg.zoo.weights;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * An ordered map from official parameter names to tensors (a PyTorch {@code state_dict}), with the two file forms the
 * zoo reads without help from the {@code weights} module:
 * <ul>
 *   <li>{@code .npz}: a zip of {@code <name>.npy} files (what {@code numpy.savez} writes and {@code simvg convert}
 *   produces);</li>
 *   <li>raw: {@code weights.bin} (little-endian float32, C order, concatenated) + {@code weights.json}
 *   ({@code tensors: [{name, shape, dtype, offset, nbytes}]}), the peer fixtures' form.</li>
 * </ul>
 */
public final class StateDict {

    private final Map<String, INDArray> tensors = new LinkedHashMap<>();

    public void put(String name, INDArray value) {
        tensors.put(name, value);
    }

    public INDArray get(String name) {
        return tensors.get(name);
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, INDArray> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    public int size() {
        return tensors.size();
    }

    // ---------------------------------------------------------------------------------------------- npz

    /** Reads a {@code .npz} archive (uncompressed or deflated entries). */
    public static StateDict readNpz(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such weights file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K') {
                throw new IOException(file + ": not a .npz (zip) archive");
            }
        }
        StateDict dict = new StateDict();
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String entry = e.getName();
                if (!entry.endsWith(".npy")) {
                    throw new IOException(file + ": entry '" + entry + "' is not a .npy array");
                }
                byte[] bytes = zip.readAllBytes();
                try {
                    dict.put(entry.substring(0, entry.length() - 4), Npy.read(bytes));
                } catch (IOException | RuntimeException ex) {
                    throw new IOException(file + ": entry '" + entry + "': " + ex.getMessage(), ex);
                }
            }
        } catch (java.util.zip.ZipException ex) {
            throw new IOException(file + ": not a valid .npz (zip) file: " + ex.getMessage(), ex);
        }
        return dict;
    }

    /** Writes a {@code .npz} archive atomically (temporary file, then rename). */
    public void writeNpz(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.write(e.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---------------------------------------------------------------------------------------------- raw

    /** Reads the fixtures' {@code weights.bin} + {@code weights.json} pair. */
    public static StateDict readRaw(Path bin, Path index) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(index));
        JsonNode list = root.get("tensors");
        if (list == null || !list.isArray()) {
            throw new IOException(index + ": no 'tensors' array");
        }
        long size = Files.size(bin);
        StateDict dict = new StateDict();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bin))) {
            long position = 0;
            for (JsonNode t : list) {
                String name = t.path("name").asText(null);
                if (name == null || !t.has("shape") || !t.has("offset") || !t.has("nbytes")) {
                    throw new IOException(index + ": tensor record " + t + " lacks name/shape/offset/nbytes");
                }
                if (!"float32".equals(t.path("dtype").asText("float32"))) {
                    throw new IOException(index + ": tensor " + name + " has dtype " + t.get("dtype")
                            + ", only float32 is supported");
                }
                long[] shape = new long[t.get("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.get("shape").get(i).asLong();
                    count *= shape[i];
                }
                long offset = t.get("offset").asLong();
                long nbytes = t.get("nbytes").asLong();
                if (nbytes != count * 4 || offset < position || offset + nbytes > size) {
                    throw new IOException(index + ": tensor " + name + " (offset " + offset + ", " + nbytes
                            + " bytes, shape " + java.util.Arrays.toString(shape) + ") does not fit " + bin
                            + " of " + size + " bytes");
                }
                in.skipNBytes(offset - position);
                byte[] bytes = in.readNBytes((int) nbytes);
                position = offset + nbytes;
                float[] values = new float[(int) count];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                dict.put(name, Nd4j.create(values, shape, 'c'));
            }
        }
        return dict;
    }

    /** Converts every tensor to {@code type} (e.g. DOUBLE for gradient checks). */
    public StateDict castTo(DataType type) {
        StateDict out = new StateDict();
        tensors.forEach((k, v) -> out.put(k, v.castTo(type)));
        return out;
    }
}
