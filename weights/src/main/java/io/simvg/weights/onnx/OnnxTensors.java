package io.simvg.weights.onnx;

import io.simvg.zoo.weights.Npy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Decodes ONNX {@code TensorProto}s into float32 arrays: raw or typed payloads, float32/float16/bfloat16/float64/
 * int32/int64, and tensors stored as external data beside the model (which M2.1's own converter silently reads as
 * zeros).
 */
public final class OnnxTensors {

    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;
    private static final int DOUBLE = 11;
    private static final int BFLOAT16 = 16;

    private OnnxTensors() {
    }

    /**
     * @param baseDir directory of the {@code .onnx} file (external data locations are relative to it)
     */
    public static INDArray toFloat(Onnx.TensorProto t, Path baseDir) throws IOException {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n > Integer.MAX_VALUE) {
            throw new IOException("initializer " + t.getName() + " has " + n + " elements, more than supported");
        }
        int count = (int) n;
        float[] v = new float[count];
        ByteBuffer raw = null;
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, baseDir, (long) count * itemSize(t));
        } else if (!t.getRawData().isEmpty()) {
            raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (raw != null) {
            long needed = (long) count * itemSize(t);
            if (raw.remaining() < needed) {
                throw new IOException("initializer " + t.getName() + ": " + raw.remaining() + " bytes for shape "
                        + Arrays.toString(shape) + " (needs " + needed + ")");
            }
            decodeRaw(t, raw, v);
        } else {
            decodeTyped(t, v);
        }
        return Nd4j.create(v, shape.length == 0 ? new long[0] : shape, 'c');
    }

    private static void decodeRaw(Onnx.TensorProto t, ByteBuffer raw, float[] v) throws IOException {
        switch (t.getDataType()) {
            case FLOAT -> raw.asFloatBuffer().get(v);
            case DOUBLE -> { for (int i = 0; i < v.length; i++) v[i] = (float) raw.getDouble(raw.position() + 8 * i); }
            case FLOAT16 -> { for (int i = 0; i < v.length; i++) v[i] = Npy.halfToFloat(raw.getShort(raw.position() + 2 * i)); }
            case BFLOAT16 -> { for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat((raw.getShort(raw.position() + 2 * i) & 0xffff) << 16); }
            case INT64 -> { for (int i = 0; i < v.length; i++) v[i] = raw.getLong(raw.position() + 8 * i); }
            case INT32 -> { for (int i = 0; i < v.length; i++) v[i] = raw.getInt(raw.position() + 4 * i); }
            default -> throw new IOException("initializer " + t.getName() + ": unsupported data type " + t.getDataType());
        }
    }

    private static void decodeTyped(Onnx.TensorProto t, float[] v) throws IOException {
        int got;
        switch (t.getDataType()) {
            case FLOAT -> { got = t.getFloatDataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = t.getFloatData(i); }
            case DOUBLE -> { got = t.getDoubleDataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = (float) t.getDoubleData(i); }
            case INT64 -> { got = t.getInt64DataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = t.getInt64Data(i); }
            case INT32 -> { got = t.getInt32DataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = t.getInt32Data(i); }
            case FLOAT16 -> { got = t.getInt32DataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = Npy.halfToFloat((short) t.getInt32Data(i)); }
            case BFLOAT16 -> { got = t.getInt32DataCount(); for (int i = 0; i < Math.min(got, v.length); i++) v[i] = Float.intBitsToFloat(t.getInt32Data(i) << 16); }
            default -> throw new IOException("initializer " + t.getName() + ": unsupported data type " + t.getDataType());
        }
        if (got != v.length) {
            throw new IOException("initializer " + t.getName() + ": " + got + " values for " + v.length + " elements");
        }
    }

    private static int itemSize(Onnx.TensorProto t) throws IOException {
        return switch (t.getDataType()) {
            case FLOAT, INT32 -> 4;
            case DOUBLE, INT64 -> 8;
            case FLOAT16, BFLOAT16 -> 2;
            default -> throw new IOException("initializer " + t.getName() + ": unsupported data type " + t.getDataType());
        };
    }

    /** Reads {@code location}/{@code offset}/{@code length} of an external-data tensor. */
    private static ByteBuffer external(Onnx.TensorProto t, Path baseDir, long expected) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (Onnx.StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> { }
            }
        }
        if (location == null) {
            throw new IOException("initializer " + t.getName() + " is external but names no location");
        }
        Path file = baseDir.resolve(location).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("initializer " + t.getName() + ": external data file " + file + " not found");
        }
        long len = length < 0 ? expected : length;
        if (len > Integer.MAX_VALUE) {
            throw new IOException("initializer " + t.getName() + ": external block of " + len + " bytes is too large");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (offset + len > f.length()) {
                throw new IOException("initializer " + t.getName() + ": external data " + file + " has "
                        + f.length() + " bytes, needs " + (offset + len));
            }
            byte[] b = new byte[(int) len];
            f.seek(offset);
            f.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
