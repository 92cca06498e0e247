package io.simvg.examples.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random scenes: 2–5 shapes on a random backdrop, each fully inside the image and with disjoint boxes (at least
 * a 2 px gap at 128 px), so nothing is hidden and every box is exactly what is seen. Shapes often repeat a colour,
 * a kind or both, which makes size, position and relations necessary to tell them apart. A scene may be limited to
 * a few colours: then colour alone rarely singles a shape out and the expressions need its kind (harder sets). It
 * may also be limited to one size class: with one colour as well, only kind and position tell shapes apart. Fewer
 * shapes per scene (down to two) make a simpler set, e.g. to teach the spatial words first.
 */
final class SceneSampler {

    static final int MIN_SHAPES = 2;
    static final int MAX_SHAPES = 5;
    private static final int PLACEMENT_TRIES = 200;

    private final int size;
    private final int coloursPerScene;
    private final int sizesPerScene;
    private final int maxShapes;

    /**
     * @param coloursPerScene at most this many colours in one scene, 1 to {@code ShapeColour.values().length} (any)
     * @param sizesPerScene   at most this many size classes in one scene, 1 to {@code ShapeSize.values().length} (any)
     * @param maxShapes       at most this many shapes in one scene, {@link #MIN_SHAPES} to {@link #MAX_SHAPES}
     */
    SceneSampler(int size, int coloursPerScene, int sizesPerScene, int maxShapes) {
        this.size = size;
        this.coloursPerScene = coloursPerScene;
        this.sizesPerScene = sizesPerScene;
        this.maxShapes = maxShapes;
    }

    Scene sample(SplittableRandom r) {
        Backdrop backdrop = Backdrop.random(r, size);
        ShapeColour[] colours = palette(ShapeColour.values(), coloursPerScene, r);
        ShapeSize[] sizes = palette(ShapeSize.values(), sizesPerScene, r);
        while (true) {
            int n = MIN_SHAPES + r.nextInt(maxShapes - MIN_SHAPES + 1);
            List<PlacedShape> placed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                PlacedShape s = place(look(placed, colours, sizes, r), placed, r);
                if (s != null) {
                    placed.add(s);
                }
            }
            if (placed.size() >= MIN_SHAPES) {
                return new Scene(size, size, backdrop, placed);
            }
        }
    }

    /** What a shape looks like before it is placed. */
    private record Look(ShapeKind kind, ShapeColour colour, ShapeSize size) {
    }

    /** The colours (or size classes) a scene may use: all of them, or (drawn only then) a random {@code n}. */
    private static <T> T[] palette(T[] all, int n, SplittableRandom r) {
        if (n == all.length) {
            return all;                                  // no draw: the default sets stay what they were
        }
        T[] shuffled = all.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        return Arrays.copyOf(shuffled, n);
    }

    /** Kind and colour of the next shape (a twin of an earlier one, a shared kind or colour, or fresh) and its size. */
    private static Look look(List<PlacedShape> earlier, ShapeColour[] colours, ShapeSize[] sizes, SplittableRandom r) {
        ShapeKind kind = pick(ShapeKind.values(), r);
        ShapeColour colour = pick(colours, r);
        if (!earlier.isEmpty()) {
            PlacedShape model = earlier.get(r.nextInt(earlier.size()));
            double u = r.nextDouble();
            if (u < 0.3) {
                kind = model.kind();
                colour = model.colour();
            } else if (u < 0.5) {
                kind = model.kind();
            } else if (u < 0.65) {
                colour = model.colour();
            }
        }
        return new Look(kind, colour, pick(sizes, r));
    }

    /** The shape at a random free position, or {@code null} when none was found. */
    private PlacedShape place(Look a, List<PlacedShape> placed, SplittableRandom r) {
        double gap = 2.0 * size / ShapeSize.REFERENCE_SIZE;
        double border = 1;
        for (int t = 0; t < PLACEMENT_TRIES; t++) {
            double extent = a.size().minExtent(size) + r.nextDouble() * (a.size().maxExtent(size) - a.size().minExtent(size));
            double w = round(a.kind().width(extent));
            double h = round(a.kind().height(extent));
            double x = round(border + r.nextDouble() * (size - 2 * border - w));
            double y = round(border + r.nextDouble() * (size - 2 * border - h));
            PlacedShape s = new PlacedShape(placed.size(), a.kind(), a.colour(), a.size(), x, y, w, h);
            if (placed.stream().noneMatch(o -> o.crowds(s, gap))) {
                return s;
            }
        }
        return null;
    }

    /** Boxes are stored with two decimals; drawing uses the rounded values, so file and image agree. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static <T> T pick(T[] values, SplittableRandom r) {
        return values[r.nextInt(values.length)];
    }
}
