package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenes limited to a few colours: no scene uses more, and colour-and-kind expressions then need the kind far more
 * often than in the default sets (the point of the option).
 */
class ColoursPerSceneTest {

    private static List<AnnotatedImage> generate(int colours) {
        return SyntheticGroundingSet.builder().seed(5).imageSize(128).images("train", 300).coloursPerScene(colours)
                .build().generate("train");
    }

    /** Share of colour-and-kind REC expressions whose colour also belongs to another shape of the scene. */
    private static double kindNeeded(List<AnnotatedImage> images) {
        int all = 0;
        int needed = 0;
        for (AnnotatedImage img : images) {
            for (GroundedExpression e : img.rec()) {
                if (e.kind() == ExpressionKind.COLOUR_SHAPE) {
                    ShapeColour c = e.targets().get(0).colour();
                    all++;
                    needed += img.scene().shapes().stream().filter(s -> s.colour() == c).count() > 1 ? 1 : 0;
                }
            }
        }
        return needed / (double) all;
    }

    @Test
    void scenesKeepToTheirPalette() {
        for (int colours : new int[] {1, 2}) {
            for (AnnotatedImage img : generate(colours)) {
                Set<ShapeColour> used = img.scene().shapes().stream().map(PlacedShape::colour)
                        .collect(Collectors.toSet());
                assertTrue(used.size() <= colours, img.imageId() + " uses " + used);
            }
        }
    }

    @Test
    void fewerColoursMakeTheKindMatter() {
        double any = kindNeeded(generate(6));
        double two = kindNeeded(generate(2));
        assertTrue(two > any + 0.2, "kind needed in " + two + " of colour-and-kind expressions with 2 colours, " + any
                + " with any");
    }

    @Test
    void theDefaultIsAnyColourAndBadCountsAreRejected() {
        List<AnnotatedImage> byDefault = SyntheticGroundingSet.builder().seed(5).imageSize(128).images("train", 20)
                .build().generate("train");
        List<AnnotatedImage> six = SyntheticGroundingSet.builder().seed(5).imageSize(128).images("train", 20)
                .coloursPerScene(6).build().generate("train");
        for (int i = 0; i < six.size(); i++) {
            assertEquals(byDefault.get(i).scene(), six.get(i).scene());
        }
        var b = SyntheticGroundingSet.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.coloursPerScene(0)).getMessage().contains("0"));
        assertThrows(IllegalArgumentException.class, () -> b.coloursPerScene(7));
    }
}
