package io.simvg.zoo.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy {@code .npy} (format 1.0–3.0) reading and writing in Java, with explicit errors for unsupported headers.
 * Reads little-endian float16/32/64, int32/64, uint8 and bool, in C or Fortran order; writes float32, float64 and
 * int64 in C order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static INDArray read(Path file) throws IOException {
        try {
            return read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static INDArray read(byte[] bytes) throws IOException {
        if (bytes.length < 10) {
            throw new IOException("not a .npy array (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IOException("not a .npy array (bad magic)");
            }
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new IOException("unsupported .npy version " + major);
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        boolean fortran = "True".equals(group(FORTRAN, header, "fortran_order"));
        String shapeText = group(SHAPE, header, "shape").trim();
        long[] shape = shapeText.isEmpty() ? new long[0]
                : java.util.Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int dataStart = start + headerLen;
        int itemSize = itemSize(descr);
        if ((long) bytes.length - dataStart < count * itemSize) {
            throw new IOException("data truncated: header says " + java.util.Arrays.toString(shape) + " " + descr
                    + " but only " + (bytes.length - dataStart) + " bytes follow");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        INDArray out = decode(descr, data, (int) count, shape, fortran ? 'f' : 'c');
        return fortran ? out.dup('c') : out;
    }

    private static INDArray decode(String descr, ByteBuffer data, int n, long[] shape, char order) throws IOException {
        long[] s = shape.length == 0 ? new long[0] : shape;
        switch (descr) {
            case "<f4": {
                float[] v = new float[n];
                data.asFloatBuffer().get(v);
                return Nd4j.create(v, s, order);
            }
            case "<f8": {
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                return Nd4j.create(v, s, order);
            }
            case "<f2": {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = halfToFloat(data.getShort(2 * i));
                }
                return Nd4j.create(v, s, order);
            }
            case "<i8": {
                long[] v = new long[n];
                data.asLongBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(order, s);
            }
            case "<i4": {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(order, s);
            }
            case "|u1", "|b1": {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.get(i) & 0xff;
                }
                INDArray a = Nd4j.createFromArray(v).reshape(order, s);
                return "|b1".equals(descr) ? a.castTo(DataType.BOOL) : a.castTo(DataType.UINT8);
            }
            default:
                throw new IOException("unsupported .npy dtype '" + descr + "'");
        }
    }

    /** IEEE 754 binary16 → binary32 (subnormals, infinities and NaN included). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign == 0 ? f : -f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static int itemSize(String descr) throws IOException {
        return switch (descr) {
            case "<f8", "<i8" -> 8;
            case "<f4", "<i4" -> 4;
            case "<f2" -> 2;
            case "|u1", "|b1" -> 1;
            default -> throw new IOException("unsupported .npy dtype '" + descr + "'");
        };
    }

    private static String group(Pattern p, String header, String field) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException("malformed .npy header, no '" + field + "': " + header.trim());
        }
        return m.group(1);
    }

    /** Serialises {@code a} as a C-order {@code .npy} (version 1.0). */
    public static byte[] write(INDArray a) {
        String descr;
        int item;
        switch (a.dataType()) {
            case DOUBLE -> { descr = "<f8"; item = 8; }
            case LONG -> { descr = "<i8"; item = 8; }
            default -> { descr = "<f4"; item = 4; }
        }
        long[] shape = a.shape();
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.substring(0, dims.length() - 1) : shape.length == 0 ? ""
                : dims.substring(0, dims.length() - 2);
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        long n = a.length();
        ByteBuffer bb = ByteBuffer.allocate((int) (10 + header.length() + n * item)).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        INDArray c = a.dup('c');
        switch (descr) {
            case "<f8" -> { for (double v : c.data().asDouble()) bb.putDouble(v); }
            case "<i8" -> { for (long v : c.data().asLong()) bb.putLong(v); }
            default -> { for (float v : c.castTo(DataType.FLOAT).data().asFloat()) bb.putFloat(v); }
        }
        return bb.array();
    }
}
