package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REC expression mix: a weight of 0 leaves a kind out, weights steer the shares, the default is unchanged. */
class RecMixTest {

    private static SyntheticGroundingSet.Builder builder(int images) {
        return SyntheticGroundingSet.builder().seed(8).imageSize(128).images("train", images);
    }

    private static Map<ExpressionKind, Integer> recKinds(List<AnnotatedImage> images) {
        Map<ExpressionKind, Integer> n = new EnumMap<>(ExpressionKind.class);
        for (AnnotatedImage img : images) {
            for (GroundedExpression e : img.rec()) {
                n.merge(e.kind(), 1, Integer::sum);
            }
        }
        return n;
    }

    @Test
    void spatialOnlyMixUsesOnlyRelationsAndPositions() {
        Map<ExpressionKind, Integer> n = recKinds(builder(150).recMix(0, 0, 1, 1).build().generate("train"));
        assertEquals(List.of(ExpressionKind.RELATION, ExpressionKind.POSITION), List.copyOf(n.keySet()), n.toString());
        int total = n.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total >= 150, "most images still get spatial expressions: " + n);
    }

    @Test
    void weightsRaiseAKindsShare() {
        Map<ExpressionKind, Integer> byDefault = recKinds(builder(150).build().generate("train"));
        Map<ExpressionKind, Integer> spatial = recKinds(builder(150).recMix(1, 1, 4, 4).build().generate("train"));
        assertTrue(share(spatial, ExpressionKind.POSITION) > share(byDefault, ExpressionKind.POSITION) + 0.1,
                byDefault + " vs " + spatial);
        assertTrue(share(spatial, ExpressionKind.COLOUR_SHAPE) < share(byDefault, ExpressionKind.COLOUR_SHAPE) - 0.2,
                byDefault + " vs " + spatial);
    }

    @Test
    void theDefaultWeightsGiveTheDefaultSetAndBadWeightsAreRejected() {
        List<AnnotatedImage> byDefault = builder(20).build().generate("train");
        List<AnnotatedImage> explicit = builder(20).recMix(50, 20, 15, 15).build().generate("train");
        for (int i = 0; i < byDefault.size(); i++) {
            assertEquals(texts(byDefault.get(i)), texts(explicit.get(i)));
        }
        var b = SyntheticGroundingSet.builder();
        assertThrows(IllegalArgumentException.class, () -> b.recMix(0, 0, 0, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.recMix(1, -1, 1, 1)).getMessage()
                .contains("SIZE"));
        assertThrows(IllegalArgumentException.class, () -> b.recMix(1, Double.NaN, 1, 1));
    }

    private static List<String> texts(AnnotatedImage img) {
        return img.rec().stream().map(GroundedExpression::text).toList();
    }

    private static double share(Map<ExpressionKind, Integer> n, ExpressionKind kind) {
        return n.getOrDefault(kind, 0) / (double) n.values().stream().mapToInt(Integer::intValue).sum();
    }
}
