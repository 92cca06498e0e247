package io.simvg.weights.torch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One of the two file layouts {@code torch.save} writes: the unpickled data object (tensors as {@link TensorInfo})
 * and on-demand access to the raw bytes of each storage.
 */
interface TorchContainer extends Closeable {

    Path file();

    /** The data object, e.g. {@code {"model": OrderedDict(name -> TensorInfo)}}. */
    Object data();

    /** Byte order of the storage data. */
    ByteOrder byteOrder();

    /** Bytes the file holds for the root storage {@code key}, or -1 when it holds none. */
    long availableBytes(String key);

    /** Where storage {@code key} lives, for messages (a zip entry name, a file offset). */
    String location(String key);

    /** A stream over root storage {@code key}, starting {@code byteOffset} bytes in. */
    InputStream open(String key, long byteOffset) throws IOException;

    /** Fails, without naming a tensor, when the file is damaged beyond what per-tensor checks report. */
    void verifyComplete();
}
