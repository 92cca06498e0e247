package io.simvg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Writable copies of (read-only) fixture folders, for tests that break their input on purpose. */
public final class FixtureCopy {

    private FixtureCopy() {
    }

    /** Copies the tree {@code source} to {@code target} (file contents only, so the copies are writable). */
    public static Path copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.write(to, Files.readAllBytes(p));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first match of {@code regex} in a UTF-8 text file; fails when there is none. */
    public static void replaceFirst(Path file, String regex, String replacement) {
        try {
            String text = Files.readString(file);
            String changed = text.replaceFirst(regex, replacement);
            if (changed.equals(text)) {
                throw new IllegalArgumentException("no match for " + regex + " in " + file);
            }
            Files.writeString(file, changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
