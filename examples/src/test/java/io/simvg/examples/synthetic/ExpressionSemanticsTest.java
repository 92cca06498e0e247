package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The meaning of each expression form on hand-made scenes, independent of the generator. */
class ExpressionSemanticsTest {

    private static final Backdrop PLAIN = new Backdrop(Backdrop.Pattern.GRADIENT, 0x808080, 0x909090, 0, 8, 1);

    // two red circles either side of a blue square; a small green star above it; a large green star bottom right
    private static final PlacedShape RED_LEFT = shape(0, ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.SMALL, 5, 50, 18, 18);
    private static final PlacedShape BLUE = shape(1, ShapeKind.SQUARE, ShapeColour.BLUE, ShapeSize.LARGE, 45, 45, 30, 30);
    private static final PlacedShape RED_RIGHT = shape(2, ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.LARGE, 90, 48, 30, 30);
    private static final PlacedShape STAR_TOP = shape(3, ShapeKind.STAR, ShapeColour.GREEN, ShapeSize.SMALL, 50, 5, 18, 17);
    private static final PlacedShape STAR_LOW = shape(4, ShapeKind.STAR, ShapeColour.GREEN, ShapeSize.LARGE, 92, 90, 32, 30);
    private static final Scene SCENE = new Scene(128, 128, PLAIN, List.of(RED_LEFT, BLUE, RED_RIGHT, STAR_TOP, STAR_LOW));

    private static PlacedShape shape(int i, ShapeKind k, ShapeColour c, ShapeSize s, double x, double y, double w, double h) {
        return new PlacedShape(i, k, c, s, x, y, w, h);
    }

    private static List<PlacedShape> refer(String text) {
        ReferringExpression e = ExpressionParser.parse(text);
        assertEquals(text, e.text(), "parse and text are inverse");
        return e.referents(SCENE);
    }

    @Test
    void colourAndShapeMatchEveryFittingShape() {
        assertEquals(List.of(BLUE), refer("the blue square"));
        assertEquals(List.of(RED_LEFT, RED_RIGHT), refer("the red circle"));
        assertEquals(List.of(), refer("the purple star"));
        assertEquals(List.of(RED_RIGHT), refer("the large red circle"));
        assertEquals(List.of(STAR_TOP), refer("the small star"));
        assertEquals(List.of(RED_RIGHT), refer("the large circle"));
    }

    @Test
    void relationsUseWholeBoxes() {
        assertEquals(List.of(RED_LEFT), refer("the red circle left of the blue square"));
        assertEquals(List.of(RED_RIGHT), refer("the circle right of the blue square"));
        assertEquals(List.of(STAR_TOP), refer("the star above the square"));
        // the large star's box starts below the square's bottom edge (90 >= 75), the small one does not
        assertEquals(List.of(STAR_LOW), refer("the green star below the blue square"));
        assertTrue(ExpressionParser.parse("the star above the blue square").definite(SCENE));
        assertFalse(ExpressionParser.parse("the square left of the red circle").definite(SCENE), "two red circles");
    }

    @Test
    void extremesNeedAClearMargin() {
        assertEquals(List.of(RED_LEFT), refer("the leftmost red circle"));
        assertEquals(List.of(RED_RIGHT), refer("the red circle on the right"));
        assertEquals(List.of(STAR_TOP), refer("the topmost shape"));
        // the right red circle (centre x 105) and the large star (centre x 108) are within 8% of 128 px of each other
        assertEquals(List.of(RED_RIGHT, STAR_LOW), refer("the rightmost shape"));
        assertEquals(List.of(STAR_LOW), refer("the shape at the bottom"));
    }

    @Test
    void quantifiersCountTheirMatches() {
        assertEquals(List.of(RED_LEFT, RED_RIGHT), refer("all red circles"));
        assertTrue(ExpressionParser.parse("both green stars").definite(SCENE));
        assertTrue(ExpressionParser.parse("the two red shapes").definite(SCENE));
        assertFalse(ExpressionParser.parse("the three red shapes").definite(SCENE));
        assertEquals(List.of(BLUE, RED_RIGHT, STAR_LOW), refer("all large shapes"));
    }

    @Test
    void parserNamesTheOffendingWord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpressionParser.parse("the red circles"));
        assertTrue(e.getMessage().contains("'the red circles'") && e.getMessage().contains("'circles'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpressionParser.parse("the red circle near the star"));
        assertThrows(IllegalArgumentException.class, () -> ExpressionParser.parse("all red circle"));
        assertThrows(IllegalArgumentException.class, () -> ExpressionParser.parse("the leftmost red circle on the left"));
    }
}
