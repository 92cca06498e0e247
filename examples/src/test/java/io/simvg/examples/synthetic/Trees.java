package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Directory trees compared file by file. */
final class Trees {

    private Trees() {
    }

    /** Relative paths of the regular files under {@code root}, sorted. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<String> names = files(expected);
        assertEquals(names, files(actual), "file lists differ");
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)), n);
        }
    }
}
