package io.simvg.zoo.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise loops over the native memory of ND4J arrays, in place and without temporaries: the optimizer, the EMA
 * and the clipping touch every parameter every step, so they run as one pass per tensor instead of a chain of ND4J
 * ops that would each allocate a full-size temporary (BASE_32 has 230 M parameters). Large tensors are split into
 * chunks processed on the common fork-join pool; element-wise work gives the same bits whatever the split.
 *
 * <p>Arrays must be contiguous, C-ordered, not views, of type FLOAT or DOUBLE; {@link #contiguous(INDArray)} makes
 * such a copy of anything else (gradients may arrive as views).
 */
final class ElementwiseKernel {

    /** Elements per parallel task. */
    static final int CHUNK = 1 << 18;

    private ElementwiseKernel() {
    }

    /** {@code a} if it can be accessed directly, else a C-ordered copy. */
    static INDArray contiguous(INDArray a) {
        return direct(a) ? a : a.dup('c');
    }

    static boolean direct(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    static void requireDirect(INDArray a, String what) {
        if (!direct(a)) {
            throw new IllegalArgumentException(what + " must be a contiguous C-ordered FLOAT or DOUBLE array that is "
                    + "not a view (got " + a.dataType() + ", order " + a.ordering() + ", view " + a.isView() + ")");
        }
    }

    static FloatBuffer floats(INDArray a) {
        return a.data().asNioFloat();
    }

    static DoubleBuffer doubles(INDArray a) {
        return a.data().asNioDouble();
    }

    /** A range {@code [from, to)} of one tensor. */
    record Range(int tensor, int from, int to) {
    }

    /** Splits tensors of the given lengths into chunks of at most {@link #CHUNK} elements. */
    static List<Range> ranges(long[] lengths) {
        List<Range> out = new ArrayList<>();
        for (int t = 0; t < lengths.length; t++) {
            if (lengths[t] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + t + " has " + lengths[t] + " elements, more than "
                        + Integer.MAX_VALUE);
            }
            int n = (int) lengths[t];
            for (int from = 0; from < n; from += CHUNK) {
                out.add(new Range(t, from, Math.min(n, from + CHUNK)));
            }
        }
        return out;
    }

    /** Runs {@code body} for every range, in parallel. */
    static void forEach(List<Range> ranges, java.util.function.Consumer<Range> body) {
        IntStream.range(0, ranges.size()).parallel().forEach(i -> body.accept(ranges.get(i)));
    }
}
