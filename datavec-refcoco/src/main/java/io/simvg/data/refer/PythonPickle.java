package io.simvg.data.refer;

import io.simvg.data.GroundingDataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import net.razorvine.pickle.Unpickler;

/**
 * Reads a plain-data pickle (protocols 0–2 as Python 2's cPickle wrote them, up to 5) with Pyrolite: lists become
 * {@code List}, dicts {@code Map}, tuples {@code Object[]}, ints {@code Integer}/{@code Long}/{@code BigInteger}, strings
 * {@code String}.
 */
public final class PythonPickle {

    private PythonPickle() {
    }

    public static Object load(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return load(in, file);
        } catch (NoSuchFileException e) {
            throw new GroundingDataException(file, null, "file not found");
        } catch (IOException e) {
            throw new GroundingDataException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** One pickle from {@code in}; {@code file} names the source in errors. */
    public static Object load(InputStream in, Path file) {
        Unpickler u = new Unpickler();
        try {
            return u.load(in);
        } catch (IOException | RuntimeException e) {
            // Pyrolite reports bad data as PickleException and truncation as IOException or another RuntimeException.
            throw new GroundingDataException(file, null, "malformed or truncated pickle: " + e, e);
        } finally {
            u.close();
        }
    }
}
