package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scenes limited to one size class: no scene mixes sizes, and the default sets are unchanged by the option. */
class SizesPerSceneTest {

    private static SyntheticGroundingSet.Builder builder(int images) {
        return SyntheticGroundingSet.builder().seed(5).imageSize(128).images("train", images);
    }

    @Test
    void scenesKeepToOneSizeClassAndStillUseBoth() {
        List<AnnotatedImage> images = builder(200).coloursPerScene(1).sizesPerScene(1).build().generate("train");
        Set<ShapeSize> seen = new HashSet<>();
        for (AnnotatedImage img : images) {
            Set<ShapeSize> used = img.scene().shapes().stream().map(PlacedShape::size).collect(Collectors.toSet());
            Set<ShapeColour> colours = img.scene().shapes().stream().map(PlacedShape::colour)
                    .collect(Collectors.toSet());
            assertEquals(1, used.size(), img.imageId() + " uses sizes " + used);
            assertEquals(1, colours.size(), img.imageId() + " uses colours " + colours);
            seen.addAll(used);
        }
        assertEquals(Set.of(ShapeSize.values()), seen, "the class is drawn per scene, not fixed for the set");
    }

    @Test
    void theDefaultIsAnySizeAndBadCountsAreRejected() {
        List<AnnotatedImage> byDefault = builder(20).coloursPerScene(2).build().generate("train");
        List<AnnotatedImage> two = builder(20).coloursPerScene(2).sizesPerScene(2).build().generate("train");
        for (int i = 0; i < two.size(); i++) {
            assertEquals(byDefault.get(i).scene(), two.get(i).scene());
        }
        var b = SyntheticGroundingSet.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.sizesPerScene(0)).getMessage().contains("0"));
        assertThrows(IllegalArgumentException.class, () -> b.sizesPerScene(3));
    }
}
