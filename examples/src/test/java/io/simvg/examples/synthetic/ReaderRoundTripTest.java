package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.BoxXyxy;
import io.simvg.data.DatasetFormat;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.image.ImageDecoder;
import io.simvg.data.seqtr.SeqTrJsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written files opened with the project's real readers give back exactly the generator's scenes. */
class ReaderRoundTripTest {

    @TempDir
    static Path dir;
    private static SyntheticGroundingSet set;
    private static ShapesLayout layout;

    @BeforeAll
    static void write() throws IOException {
        set = SyntheticGroundingSet.builder().seed(5).imageSize(96).images("train", 12).images("val", 8)
                .images("testA", 5).build();
        set.writeTo(dir);
        layout = new ShapesLayout(dir.toAbsolutePath().normalize());
    }

    @Test
    void recThroughTheSeqTrReader() {
        assertEquals(DatasetFormat.SEQTR_JSON, DatasetFormat.detect(layout.recInstances()));
        GroundingDatasetReader reader = DatasetFormat.open(layout.recInstances(), InvalidRecords.failFast());
        assertEquals(set.splits(), reader.splits());
        assertSameSamples(reader, AnnotatedImage::rec, layout.seqtrImageDir());
    }

    @Test
    void grecThroughTheSeqTrReader() {
        GroundingDatasetReader reader = DatasetFormat.open(layout.grecInstances(), InvalidRecords.failFast());
        assertTrue(((SeqTrJsonReader) reader).isGrec(), "the grefs_ prefix makes the reader read per-expression boxes");
        assertEquals(set.splits(), reader.splits());
        assertSameSamples(reader, AnnotatedImage::grec, layout.seqtrImageDir());
    }

    @Test
    void grecThroughTheGRefCocoReader() {
        assertEquals(DatasetFormat.GREFCOCO, DatasetFormat.detect(layout.grefs()));
        GroundingDatasetReader reader = DatasetFormat.open(layout.grefs(), InvalidRecords.failFast());
        // the refer toolkit also offers "test" (every split containing "test") when a testA split is stored
        assertEquals(List.of("train", "val", "testA", "test"), reader.splits());
        assertSameSamples(reader, AnnotatedImage::grec, layout.grefcocoImageDir());
    }

    @Test
    void imagesDecodeToTheStatedSizeInBothImageDirectories() throws IOException {
        Set<Path> images = new LinkedHashSet<>();
        for (String split : set.splits()) {
            for (GroundingSample s : DatasetFormat.open(layout.recInstances(), InvalidRecords.failFast()).read(split)) {
                if (images.add(s.image())) {
                    try (Mat m = ImageDecoder.decode(s.image(), s.source())) {
                        assertEquals(s.imageWidth(), m.cols(), s.image().toString());
                        assertEquals(s.imageHeight(), m.rows(), s.image().toString());
                    }
                    Path mirrored = layout.grefcocoImageDir().resolve(s.image().getFileName());
                    assertArrayEquals(Files.readAllBytes(s.image()), Files.readAllBytes(mirrored), mirrored.toString());
                }
            }
        }
        assertEquals(25, images.size());
    }

    /** Reader samples and generator expressions agree one to one, in order: text, boxes, image file and size. */
    private static void assertSameSamples(GroundingDatasetReader reader, Function<AnnotatedImage,
            List<GroundedExpression>> expressions, Path imageDir) {
        for (String split : set.splits()) {
            List<GroundingSample> samples = reader.read(split);
            List<Object[]> expected = new ArrayList<>();
            for (AnnotatedImage img : set.generate(split)) {
                for (GroundedExpression e : expressions.apply(img)) {
                    expected.add(new Object[] {img, e});
                }
            }
            assertEquals(expected.size(), samples.size(), reader.name() + "/" + split);
            for (int i = 0; i < samples.size(); i++) {
                AnnotatedImage img = (AnnotatedImage) expected.get(i)[0];
                GroundedExpression e = (GroundedExpression) expected.get(i)[1];
                GroundingSample s = samples.get(i);
                String where = reader.name() + "/" + split + " sample " + i + " (" + e.text() + ")";
                assertEquals(e.text(), s.expression(), where);
                assertEquals(boxes(e.targets()), s.boxes(), where);
                assertEquals(img.scene().width(), s.imageWidth(), where);
                assertEquals(img.scene().height(), s.imageHeight(), where);
                assertEquals(imageDir.resolve(ShapesLayout.fileName(img.imageId())), s.image(), where);
            }
        }
    }

    private static List<BoxXyxy> boxes(List<PlacedShape> shapes) {
        return shapes.stream().map(p -> BoxXyxy.fromXywh(p.x(), p.y(), p.w(), p.h())).toList();
    }
}
