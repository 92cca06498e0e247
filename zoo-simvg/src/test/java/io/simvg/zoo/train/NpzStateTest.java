package io.simvg.zoo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simvg.zoo.weights.Npy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The streamed .npy of the optimizer state is byte for byte what Npy.write produces, and reads back. */
class NpzStateTest {

    @Test
    void streamedFloatArraysEqualNpyWrite() throws Exception {
        for (long[] shape : new long[][] {{7}, {3, 5}, {2, 3, 4}, {1, 1, 1, 1}, {(1 << 20) + 3}}) {
            INDArray a = Nd4j.rand(DataType.FLOAT, shape);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            Map<String, INDArray> m = new LinkedHashMap<>();
            m.put("exp_avg/x", a);
            m.put("step/x", Nd4j.scalar(12L));
            TrainingCheckpoint.writeNpz(streamed, m);
            Map<String, INDArray> back = TrainingCheckpoint.readNpz(new ByteArrayInputStream(streamed.toByteArray()));
            assertEquals(a, back.get("exp_avg/x"));
            assertEquals(12L, back.get("step/x").getLong(0));
            byte[] header = TrainingCheckpoint.npyHeader(shape);
            byte[] reference = Npy.write(a);
            byte[] refHeader = java.util.Arrays.copyOf(reference, header.length);
            assertArrayEquals(refHeader, header, "header of " + java.util.Arrays.toString(shape));
        }
    }
}
