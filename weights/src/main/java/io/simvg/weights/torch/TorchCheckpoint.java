package io.simvg.weights.torch;

import io.simvg.zoo.weights.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A state dict in a {@code torch.save} file (zip or legacy container), read without Python.
 * <p>
 * Opening parses only the data pickle: every tensor becomes a {@link TensorInfo} (storage, dtype, offset, shape,
 * stride) and is checked against what the file holds, so a damaged file fails here, naming the tensor. Values are
 * read later, one tensor at a time ({@link #read}, {@link #forEach}), straight from the storage's bytes: a ~0.9 GB
 * BEiT-3 checkpoint never needs more than one tensor in memory. {@link #toStateDict()} loads everything, for small
 * files.
 * <p>
 * The state dict is taken, as the official SimVG/BEiT-3 loaders do, from key {@code "model"}, else {@code "module"},
 * else (mmcv/SimVG checkpoints) {@code "state_dict"}, else the root object; {@link #open(Path, String)} names the key.
 * Entries that are not tensors are skipped and listed by {@link #skipped()}.
 * <p>
 * Types: {@link Precision#FLOAT32} (the default) returns floating tensors (float16, bfloat16, float64) as float32;
 * {@link Precision#STORED} keeps the stored type (HALF, BFLOAT16, DOUBLE). Integer and bool tensors always keep
 * theirs (LONG, INT, ..., BOOL). Strides and offsets are honoured; results are contiguous C-order arrays.
 * <p>
 * Supported: storages {@code torch.{Float,Double,Half,BFloat16,Long,Int,Short,Char,Byte,Bool}Storage}; tensors
 * rebuilt by {@code torch._utils._rebuild_tensor_v2}/{@code _rebuild_tensor}, parameters
 * ({@code _rebuild_parameter[_with_state]}) and tensor subclasses ({@code torch._tensor._rebuild_from_type_v2}) as
 * plain tensors; legacy storage views. Not supported (error naming the tensor): complex and quantized storages,
 * sparse, quantized, meta and other {@code _rebuild_*} tensor kinds.
 */
public final class TorchCheckpoint implements AutoCloseable {

    /** Keys searched for the state dict, in order, before falling back to the root object. */
    public static final List<String> STATE_DICT_KEYS = List.of("model", "module", "state_dict");

    /** How floating tensors are returned. */
    public enum Precision {
        /** float16, bfloat16 and float64 tensors are converted to float32. */
        FLOAT32,
        /** Every tensor keeps its stored type. */
        STORED
    }

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final TorchContainer container;
    private final String stateDictKey;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> skipped;

    private TorchCheckpoint(TorchContainer container, String stateDictKey, Map<String, TensorInfo> tensors,
                            Map<String, String> skipped) {
        this.container = container;
        this.stateDictKey = stateDictKey;
        this.tensors = tensors;
        this.skipped = skipped;
    }

    /** Opens {@code file}, finding the state dict under {@link #STATE_DICT_KEYS} or at the root. */
    public static TorchCheckpoint open(Path file) {
        return open(file, null);
    }

    /**
     * Opens {@code file} with the state dict under {@code key} ("" for the root object, null to search
     * {@link #STATE_DICT_KEYS}).
     *
     * @throws TorchFormatException naming the file (and tensor) when it is not a readable torch checkpoint
     */
    public static TorchCheckpoint open(Path file, String key) {
        TorchContainer container = isZip(file) ? ZipContainer.open(file) : LegacyContainer.open(file);
        try {
            String chosen = key != null ? key : findKey(container.data());
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            collect(container, chosen, tensors, skipped);
            tensors.forEach((name, info) -> check(container, name, info));
            container.verifyComplete();
            return new TorchCheckpoint(container, chosen.isEmpty() ? null : chosen,
                    Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(skipped));
        } catch (RuntimeException e) {
            try {
                container.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean isZip(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TorchFormatException(file, null, "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(ZIP_MAGIC.length), ZIP_MAGIC);
        } catch (IOException e) {
            throw new TorchFormatException(file, null, "cannot read: " + e, e);
        }
    }

    private static String findKey(Object data) {
        if (data instanceof Map<?, ?> root) {
            for (String k : STATE_DICT_KEYS) {
                if (root.get(k) instanceof Map) {
                    return k;
                }
            }
        }
        return "";
    }

    private static void collect(TorchContainer container, String key, Map<String, TensorInfo> tensors,
                                Map<String, String> skipped) {
        Object data = container.data();
        Object dict = key.isEmpty() ? data : data instanceof Map<?, ?> m ? m.get(key) : null;
        String where = key.isEmpty() ? "the root object" : "key '" + key + "'";
        if (!(dict instanceof Map<?, ?> map)) {
            throw new TorchFormatException(container.file(), null, "no state dict at " + where + ": found "
                    + TorchUnpickler.describe(dict) + (data instanceof Map<?, ?> m ? "; top-level keys " + m.keySet() : ""));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (e.getValue() instanceof TensorInfo info) {
                tensors.put(name, info);
            } else if (e.getValue() instanceof TorchUnpickler.UnsupportedTensor u) {
                throw new TorchFormatException(container.file(), name, "unsupported tensor kind " + u.function());
            } else {
                skipped.put(name, TorchUnpickler.describe(e.getValue()));
            }
        }
        if (tensors.isEmpty()) {
            throw new TorchFormatException(container.file(), null, "no tensors at " + where + " (entries " + skipped
                    .keySet() + ")");
        }
    }

    /** The tensor fits its storage, and the file holds the storage's bytes. */
    private static void check(TorchContainer container, String name, TensorInfo info) {
        Path file = container.file();
        StorageRef s = info.storage();
        if (s.dtype() == null) {
            throw new TorchFormatException(file, name, "unsupported storage type " + s.typeName());
        }
        if (info.offset() < 0 || Arrays.stream(info.stride()).anyMatch(x -> x < 0)
                || info.offset() + info.span() > s.numel() || s.viewOffset() + s.numel() > s.rootNumel()) {
            throw new TorchFormatException(file, name, "shape/size mismatch: " + info + " needs "
                    + (info.offset() + info.span()) + " elements, its storage has " + s.numel()
                    + (s.viewOffset() > 0 ? " (a view at " + s.viewOffset() + " of " + s.rootNumel() + ")" : ""));
        }
        long declared = s.rootNumel() * s.dtype().itemSize();
        long available = container.availableBytes(s.key());
        if (available < 0) {
            throw new TorchFormatException(file, name, "missing storage: no " + container.location(s.key()));
        }
        if (available < declared) {
            throw new TorchFormatException(file, name, "truncated or corrupt storage: " + container.location(s.key())
                    + " holds " + available + " bytes, " + s.rootNumel() + " elements of " + s.dtype() + " need "
                    + declared);
        }
    }

    public Path file() {
        return container.file();
    }

    /** "zip" or "legacy". */
    public String container() {
        return container instanceof ZipContainer ? "zip" : "legacy";
    }

    /** The key the state dict was found under, or null for the root object. */
    public String stateDictKey() {
        return stateDictKey;
    }

    /** Tensor descriptors by name, in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** Entries of the state dict that are not tensors, with a short description. */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** Tensor {@code name}, floating types as float32. */
    public INDArray read(String name) {
        return read(name, Precision.FLOAT32);
    }

    public INDArray read(String name, Precision precision) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(file() + ": no tensor '" + name + "'");
        }
        TorchDType stored = info.dtype();
        DataType target = precision == Precision.FLOAT32 && stored.isFloating() ? DataType.FLOAT : stored.nd4j();
        StorageRef s = info.storage();
        long byteOffset = (s.viewOffset() + info.offset()) * stored.itemSize();
        try (InputStream in = container.open(s.key(), byteOffset)) {
            return TensorReader.read(info, in, container.byteOrder(), target);
        } catch (IOException e) {
            throw new TorchFormatException(file(), name, "cannot read " + info + " from " + container.location(s.key())
                    + ": " + e.getMessage(), e);
        }
    }

    /** Reads the tensors one at a time, in file order, floating types as float32. */
    public void forEach(BiConsumer<String, INDArray> visitor) {
        forEach(Precision.FLOAT32, visitor);
    }

    public void forEach(Precision precision, BiConsumer<String, INDArray> visitor) {
        for (String name : tensors.keySet()) {
            visitor.accept(name, read(name, precision));
        }
    }

    /** Every tensor in memory at once (floating types as float32): for small checkpoints. */
    public StateDict toStateDict() {
        return toStateDict(Precision.FLOAT32);
    }

    public StateDict toStateDict(Precision precision) {
        StateDict dict = new StateDict();
        forEach(precision, dict::put);
        return dict;
    }

    /** Shortcut: opens {@code file}, loads every tensor, closes it. */
    public static StateDict readStateDict(Path file) {
        try (TorchCheckpoint c = open(file)) {
            return c.toStateDict();
        }
    }

    @Override
    public void close() {
        try {
            container.close();
        } catch (IOException e) {
            throw new TorchFormatException(file(), null, "cannot close: " + e, e);
        }
    }
}
