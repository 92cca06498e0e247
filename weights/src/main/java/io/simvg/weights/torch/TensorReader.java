package io.simvg.weights.torch;

import io.simvg.zoo.weights.Npy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the bytes of one tensor's storage window into a contiguous C-order INDArray, honouring offset and strides.
 * Contiguous tensors (the usual case) stream into the array's off-heap buffer in 1 MiB chunks, copied as they are or
 * converted element by element (float16 → float32, foreign byte order), so reading one costs no heap copy of it.
 * Strided tensors read their storage window onto the heap once and gather element by element.
 */
final class TensorReader {

    private static final int CHUNK = 1 << 20;

    private TensorReader() {
    }

    /**
     * @param in     positioned at the tensor's first element ({@link TensorInfo#offset()} into its storage)
     * @param order  byte order of the file
     * @param target the stored type's ND4J type, or FLOAT for a floating tensor read as float32
     */
    static INDArray read(TensorInfo info, InputStream in, ByteOrder order, DataType target) throws IOException {
        TorchDType stored = info.dtype();
        if (target != stored.nd4j() && !(target == DataType.FLOAT && stored.isFloating())) {
            throw new IllegalArgumentException("cannot read " + stored + " as " + target);
        }
        long[] shape = info.shape();
        long numel = info.numel();
        if (numel == 0) {
            return Nd4j.create(target, shape);
        }
        if (numel * target.width() > Integer.MAX_VALUE) {
            throw new IOException(numel + " elements of " + target + " exceed the 2 GiB a single buffer can address");
        }
        INDArray out = Nd4j.createUninitialized(target, shape, 'c');
        ByteBuffer dst = buffer(out);
        boolean sameBytes = target == stored.nd4j() && (order == ByteOrder.nativeOrder() || stored.itemSize() == 1);
        if (info.isContiguous()) {
            stream(in, stored, order, dst, target, sameBytes, numel);
        } else {
            gather(info, window(in, info.span() * stored.itemSize()).order(order), dst, target);
        }
        return out;
    }

    /** The array's off-heap bytes, C order from its first element. */
    private static ByteBuffer buffer(INDArray arr) {
        ByteBuffer b = arr.data().asNio().order(ByteOrder.nativeOrder());
        long needed = arr.length() * arr.dataType().width();
        if (b.capacity() < needed) {
            throw new IllegalStateException("ND4J buffer of " + b.capacity() + " bytes for " + needed);
        }
        b.clear();
        return b;
    }

    /** Contiguous values, chunk by chunk: copied as they are, or converted element by element. */
    private static void stream(InputStream in, TorchDType stored, ByteOrder order, ByteBuffer dst, DataType target,
                               boolean sameBytes, long numel) throws IOException {
        int item = stored.itemSize();
        byte[] chunk = new byte[(int) Math.min(CHUNK, numel * item)];
        ByteBuffer src = ByteBuffer.wrap(chunk).order(order);
        long done = 0;
        while (done < numel) {
            int count = (int) Math.min(chunk.length / item, numel - done);
            int n = in.readNBytes(chunk, 0, count * item);
            if (n < count * item) {
                throw new EOFException("storage ends " + ((numel - done) * item - n) + " bytes early");
            }
            if (sameBytes) {
                dst.put(chunk, 0, n);
            } else {
                for (int i = 0; i < count; i++) {
                    copy(stored, src, i, dst, (int) (done + i), target);
                }
            }
            done += count;
        }
    }

    private static ByteBuffer window(InputStream in, long bytes) throws IOException {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IOException("a strided or converted tensor spanning " + bytes + " bytes is too large");
        }
        byte[] b = in.readNBytes((int) bytes);
        if (b.length < bytes) {
            throw new EOFException("storage ends " + (bytes - b.length) + " bytes early");
        }
        return ByteBuffer.wrap(b);
    }

    /** Copies element by element in C order of the output, walking the source with the tensor's strides. */
    private static void gather(TensorInfo info, ByteBuffer src, ByteBuffer dst, DataType target) {
        int rank = info.rank();
        long[] index = new long[rank];
        long numel = info.numel();
        long at = 0;
        for (long j = 0; j < numel; j++) {
            copy(info.dtype(), src, (int) at, dst, (int) j, target);
            for (int d = rank - 1; d >= 0; d--) {
                at += info.strideOf(d);
                if (++index[d] < info.size(d)) {
                    break;
                }
                at -= info.strideOf(d) * info.size(d);
                index[d] = 0;
            }
        }
    }

    private static void copy(TorchDType stored, ByteBuffer src, int i, ByteBuffer dst, int j, DataType target) {
        if (target == DataType.FLOAT) {
            dst.putFloat(4 * j, switch (stored) {
                case FLOAT32 -> src.getFloat(4 * i);
                case FLOAT64 -> (float) src.getDouble(8 * i);
                case FLOAT16 -> Npy.halfToFloat(src.getShort(2 * i));
                case BFLOAT16 -> Float.intBitsToFloat((src.getShort(2 * i) & 0xffff) << 16);
                default -> throw new IllegalArgumentException(stored + " is not floating");
            });
            return;
        }
        // same type: typed get/put swaps the bytes when the file's order is not the native one
        switch (stored.itemSize()) {
            case 1 -> dst.put(j, src.get(i));
            case 2 -> dst.putShort(2 * j, src.getShort(2 * i));
            case 4 -> dst.putInt(4 * j, src.getInt(4 * i));
            case 8 -> dst.putLong(8 * j, src.getLong(8 * i));
            default -> throw new IllegalStateException("item size " + stored.itemSize());
        }
    }
}
