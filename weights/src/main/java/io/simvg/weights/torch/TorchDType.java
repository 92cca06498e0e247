package io.simvg.weights.torch;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The element types of torch storages this reader understands, keyed by the storage class that {@code torch.save}
 * names in a persistent id ({@code torch.FloatStorage}, ...). Complex, quantized and bit-packed storages are not
 * supported.
 */
public enum TorchDType {
    FLOAT32(4, DataType.FLOAT, true),
    FLOAT64(8, DataType.DOUBLE, true),
    FLOAT16(2, DataType.HALF, true),
    BFLOAT16(2, DataType.BFLOAT16, true),
    INT64(8, DataType.LONG, false),
    INT32(4, DataType.INT, false),
    INT16(2, DataType.SHORT, false),
    INT8(1, DataType.BYTE, false),
    UINT8(1, DataType.UBYTE, false),
    BOOL(1, DataType.BOOL, false);

    private static final Map<String, TorchDType> BY_STORAGE_CLASS = Map.ofEntries(
            Map.entry("FloatStorage", FLOAT32),
            Map.entry("DoubleStorage", FLOAT64),
            Map.entry("HalfStorage", FLOAT16),
            Map.entry("BFloat16Storage", BFLOAT16),
            Map.entry("LongStorage", INT64),
            Map.entry("IntStorage", INT32),
            Map.entry("ShortStorage", INT16),
            Map.entry("CharStorage", INT8),
            Map.entry("ByteStorage", UINT8),
            Map.entry("BoolStorage", BOOL),
            // torch >= 2 pickles a bare UntypedStorage (never a tensor's storage) as bytes
            Map.entry("UntypedStorage", UINT8));

    private final int itemSize;
    private final DataType nd4j;
    private final boolean floating;

    TorchDType(int itemSize, DataType nd4j, boolean floating) {
        this.itemSize = itemSize;
        this.nd4j = nd4j;
        this.floating = floating;
    }

    /** Bytes per element in the file. */
    public int itemSize() {
        return itemSize;
    }

    /** The ND4J type holding the stored values unchanged. */
    public DataType nd4j() {
        return nd4j;
    }

    public boolean isFloating() {
        return floating;
    }

    /** The type of {@code torch.<name>} (e.g. {@code FloatStorage}), or null when unsupported. */
    static TorchDType ofStorageClass(String name) {
        return BY_STORAGE_CLASS.get(name);
    }
}
