package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed split: it unpacks, reads, and is exactly what its regeneration command makes today. */
class BundledShapesTest {

    @Test
    void bundledSplitEqualsItsRegeneration(@TempDir Path extracted, @TempDir Path regenerated) throws IOException {
        BundledShapes.extractTo(extracted);
        BundledShapes.generator().writeTo(regenerated);
        Trees.assertSameFiles(regenerated, extracted);
    }

    @Test
    void bundledSplitReadsInEveryFormat(@TempDir Path dir) throws IOException {
        ShapesLayout layout = BundledShapes.extractTo(dir);
        List<GroundingSample> rec = DatasetFormat.open(layout.recInstances(), InvalidRecords.failFast()).read("val");
        assertTrue(rec.size() >= 2 * BundledShapes.VAL_IMAGES, "REC expressions: " + rec.size());
        assertTrue(rec.stream().allMatch(s -> s.boxes().size() == 1));
        for (Path grec : List.of(layout.grecInstances(), layout.grefs())) {
            List<GroundingSample> samples = DatasetFormat.open(grec, InvalidRecords.failFast()).read("val");
            assertEquals(BundledShapes.VAL_IMAGES, samples.size(), grec.toString());
            assertTrue(samples.stream().filter(s -> s.boxes().size() >= 2).count() >= BundledShapes.VAL_IMAGES / 3);
            assertTrue(samples.stream().filter(GroundingSample::noTarget).count() >= BundledShapes.VAL_IMAGES / 6);
        }
    }

    @Test
    void bundledZipStaysSmall() throws IOException {
        try (InputStream in = BundledShapes.class.getResourceAsStream(BundledShapes.RESOURCE)) {
            assertTrue(in != null, BundledShapes.RESOURCE + " missing");
            long size = in.readAllBytes().length;
            assertTrue(size <= 2 * 1024 * 1024, "bundled zip has " + size + " bytes");
        }
    }
}
