package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same settings, same bytes; other seeds, other data; bad settings rejected with a clear message. */
class DeterminismTest {

    private static SyntheticGroundingSet small(long seed, int train) {
        return SyntheticGroundingSet.builder().seed(seed).imageSize(80).images("train", train).images("val", 4).build();
    }

    @Test
    void sameSeedWritesIdenticalFiles(@TempDir Path a, @TempDir Path b) throws IOException {
        small(3, 6).writeTo(a);
        small(3, 6).writeTo(b);
        Trees.assertSameFiles(a, b);
        assertEquals(6 + 4, Trees.files(a.resolve("images/mscoco/train2014")).size());
    }

    @Test
    void otherSeedWritesOtherData(@TempDir Path a, @TempDir Path b) throws IOException {
        small(3, 6).writeTo(a);
        small(4, 6).writeTo(b);
        ShapesLayout la = new ShapesLayout(a);
        ShapesLayout lb = new ShapesLayout(b);
        assertFalse(Arrays.equals(Files.readAllBytes(la.recInstances()), Files.readAllBytes(lb.recInstances())));
        String first = ShapesLayout.fileName(1_000_001);
        assertFalse(Arrays.equals(Files.readAllBytes(la.seqtrImageDir().resolve(first)),
                Files.readAllBytes(lb.seqtrImageDir().resolve(first))));
    }

    @Test
    void aSplitDoesNotDependOnTheOthers() {
        List<AnnotatedImage> withTrain = small(9, 7).generate("val");
        List<AnnotatedImage> alone = SyntheticGroundingSet.builder().seed(9).imageSize(80).images("val", 4).build()
                .generate("val");
        assertEquals(withTrain.size(), alone.size());
        for (int i = 0; i < alone.size(); i++) {
            assertEquals(alone.get(i).scene(), withTrain.get(i).scene());
            assertEquals(texts(alone.get(i)), texts(withTrain.get(i)));
        }
    }

    private static List<String> texts(AnnotatedImage img) {
        return java.util.stream.Stream.concat(img.rec().stream(), img.grec().stream()).map(GroundedExpression::text).toList();
    }

    @Test
    void badSettingsAreRejected(@TempDir Path dir) throws IOException {
        var b = SyntheticGroundingSet.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.images("val", -1)).getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.images("dev", 3)).getMessage().contains("dev"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.imageSize(20)).getMessage().contains("20"));
        assertThrows(IllegalArgumentException.class, () -> b.images("train", 0).build());
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        IOException e = assertThrows(IOException.class, () -> small(1, 1).writeTo(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
