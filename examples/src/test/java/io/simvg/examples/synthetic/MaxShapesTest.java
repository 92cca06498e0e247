package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Scenes with at most N shapes: the cap holds, scenes still vary, and the default sets are unchanged by the option. */
class MaxShapesTest {

    private static SyntheticGroundingSet.Builder builder(int images) {
        return SyntheticGroundingSet.builder().seed(9).imageSize(128).images("train", images);
    }

    @Test
    void scenesKeepToTheCapAndStillVary() {
        Set<Integer> counts = new TreeSet<>();
        for (AnnotatedImage img : builder(100).maxShapes(3).build().generate("train")) {
            int n = img.scene().shapes().size();
            assertTrue(n >= 2 && n <= 3, img.imageId() + " has " + n + " shapes");
            counts.add(n);
        }
        assertEquals(Set.of(2, 3), counts);
    }

    @Test
    void twoShapesStillGiveSpatialExpressions() {
        List<AnnotatedImage> images = builder(50).maxShapes(2).recMix(0, 0, 0, 1).build().generate("train");
        long spatial = images.stream().flatMap(i -> i.rec().stream())
                .filter(e -> e.kind() == ExpressionKind.POSITION).count();
        assertTrue(spatial >= 50, "position expressions in 50 two-shape scenes: " + spatial);
    }

    @Test
    void theDefaultIsFiveAndBadCountsAreRejected() {
        List<AnnotatedImage> byDefault = builder(20).build().generate("train");
        List<AnnotatedImage> five = builder(20).maxShapes(5).build().generate("train");
        for (int i = 0; i < five.size(); i++) {
            assertEquals(byDefault.get(i).scene(), five.get(i).scene());
            assertEquals(byDefault.get(i).rec(), five.get(i).rec());
        }
        var b = SyntheticGroundingSet.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxShapes(1)).getMessage().contains("1"));
        assertThrows(IllegalArgumentException.class, () -> b.maxShapes(6));
    }
}
