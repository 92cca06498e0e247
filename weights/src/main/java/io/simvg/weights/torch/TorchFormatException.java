package io.simvg.weights.torch;

import io.simvg.zoo.weights.WeightLoadException;
import java.nio.file.Path;

/**
 * A {@code torch.save} file that cannot be read: not a torch file, truncated, a storage missing or too short, an
 * unsupported storage type or tensor kind. The message names the file and, where one is concerned, the tensor.
 */
public class TorchFormatException extends WeightLoadException {

    private final transient Path file;
    private final String tensor;

    public TorchFormatException(Path file, String tensor, String detail) {
        this(file, tensor, detail, null);
    }

    public TorchFormatException(Path file, String tensor, String detail, Throwable cause) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + detail);
        this.file = file;
        this.tensor = tensor;
        if (cause != null) {
            initCause(cause);
        }
    }

    public Path file() {
        return file;
    }

    /** The tensor concerned, or null when the failure is about the whole file. */
    public String tensor() {
        return tensor;
    }
}
