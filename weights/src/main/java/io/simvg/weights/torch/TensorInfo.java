package io.simvg.weights.torch;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it, before any data is read: a window of a storage
 * given by an element offset, a shape and per-dimension strides (in elements). Tensors may share a storage and need
 * not be contiguous.
 */
public final class TensorInfo {

    private final StorageRef storage;
    private final long offset;
    private final long[] shape;
    private final long[] stride;

    TensorInfo(StorageRef storage, long offset, long[] shape, long[] stride) {
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("size " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride)
                    + " differ in rank");
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
    }

    public StorageRef storage() {
        return storage;
    }

    /** Element offset of the first value in the storage. */
    public long offset() {
        return offset;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long[] stride() {
        return stride.clone();
    }

    public int rank() {
        return shape.length;
    }

    long size(int dim) {
        return shape[dim];
    }

    long strideOf(int dim) {
        return stride[dim];
    }

    public TorchDType dtype() {
        return storage.dtype();
    }

    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Elements of the storage the tensor spans, from {@link #offset()} to its last value (0 when empty). */
    public long span() {
        if (numel() == 0) {
            return 0;
        }
        long last = 0;
        for (int i = 0; i < shape.length; i++) {
            last += (shape[i] - 1) * stride[i];
        }
        return last + 1;
    }

    /** True when the values lie in C (row-major) order without gaps; dimensions of size 1 may have any stride. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    @Override
    public String toString() {
        return (dtype() == null ? storage.typeName() : dtype()) + Arrays.toString(shape) + " stride "
                + Arrays.toString(stride) + " at " + offset + " of storage " + storage.key();
    }
}
