package io.simvg.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simvg.zoo.weights.Npy;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link TensorReader} on tensors larger than its 1 MiB chunk: copied, converted and byte-swapped chunk by chunk. */
class TorchTensorReaderTest {

    private static final int N = 700_001; // > 1 MiB in float16 and float32, not a multiple of a chunk

    private static TensorInfo contiguous(TorchDType dtype, long... shape) {
        long[] stride = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = acc;
            acc *= shape[i];
        }
        return new TensorInfo(new StorageRef("0", "test", dtype, acc, 0, acc), 0, shape, stride);
    }

    @Test
    void float16ConvertedAcrossChunks() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2 * N).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            b.putShort((short) (i * 7919)); // every bit pattern class: normal, subnormal, inf, NaN
        }
        TensorInfo info = contiguous(TorchDType.FLOAT16, N);
        float[] got = TensorReader.read(info, new ByteArrayInputStream(b.array()), ByteOrder.LITTLE_ENDIAN,
                DataType.FLOAT).data().asFloat();
        for (int i = 0; i < N; i++) {
            assertEquals(Npy.halfToFloat(b.getShort(2 * i)), got[i], 0, "element " + i);
        }
        INDArray half = TensorReader.read(info, new ByteArrayInputStream(b.array()), ByteOrder.LITTLE_ENDIAN,
                DataType.HALF);
        assertEquals(DataType.HALF, half.dataType());
        assertArrayEquals(got, half.castTo(DataType.FLOAT).data().asFloat());
    }

    @Test
    void bigEndianFloat32AcrossChunks() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * N).order(ByteOrder.BIG_ENDIAN);
        float[] want = new float[N];
        for (int i = 0; i < N; i++) {
            want[i] = i * 0.25f - 3;
            b.putFloat(want[i]);
        }
        INDArray got = TensorReader.read(contiguous(TorchDType.FLOAT32, 1, N), new ByteArrayInputStream(b.array()),
                ByteOrder.BIG_ENDIAN, DataType.FLOAT);
        assertArrayEquals(new long[] {1, N}, got.shape());
        assertArrayEquals(want, got.data().asFloat());
        // the native-order bulk path gives the same array
        ByteBuffer le = ByteBuffer.allocate(4 * N).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : want) {
            le.putFloat(v);
        }
        assertArrayEquals(want, TensorReader.read(contiguous(TorchDType.FLOAT32, N), new ByteArrayInputStream(
                le.array()), ByteOrder.LITTLE_ENDIAN, DataType.FLOAT).data().asFloat());
    }

    @Test
    void shortStreamsFail() {
        byte[] bytes = new byte[4 * N - 4];
        assertThrows(EOFException.class, () -> TensorReader.read(contiguous(TorchDType.FLOAT32, N),
                new ByteArrayInputStream(bytes), ByteOrder.LITTLE_ENDIAN, DataType.FLOAT));
        assertThrows(EOFException.class, () -> TensorReader.read(contiguous(TorchDType.FLOAT16, N),
                new ByteArrayInputStream(bytes, 0, 2 * N - 2), ByteOrder.LITTLE_ENDIAN, DataType.FLOAT));
    }
}
