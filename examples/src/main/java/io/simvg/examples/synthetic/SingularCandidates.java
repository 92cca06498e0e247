package io.simvg.examples.synthetic;

import io.simvg.examples.synthetic.ReferringExpression.Described;
import io.simvg.examples.synthetic.ReferringExpression.Extreme;
import io.simvg.examples.synthetic.ReferringExpression.Related;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every single-referent expression the grammar allows for a scene, by target and kind. An expression is kept only if
 * evaluating it on the scene gives exactly its target, so ambiguity is ruled out by checking, not by construction.
 * A candidate is <em>needed</em> when its extra information (size, relation) is what singles the target out, i.e.
 * the phrase without it matches several shapes; the planner prefers those so that the words must be grounded.
 */
final class SingularCandidates {

    /** A usable REC expression. */
    record Candidate(GroundedExpression expression, boolean needed) {
    }

    private final Scene scene;
    private final Map<Integer, Map<ExpressionKind, List<Candidate>>> byTarget = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();

    SingularCandidates(Scene scene) {
        this.scene = scene;
        for (PlacedShape s : scene.shapes()) {
            add(new Described(Descriptor.of(s.colour(), s.kind())), ExpressionKind.COLOUR_SHAPE, true);
            sized(new Descriptor(s.size(), s.colour(), s.kind()));
            sized(new Descriptor(s.size(), null, s.kind()));
            for (PlacedShape anchor : scene.shapes()) {
                related(s, anchor);
            }
        }
        for (Descriptor d : extremeDescriptors()) {
            if (d.matches(scene).size() >= 2) {
                for (Direction dir : Direction.values()) {
                    add(new Extreme(d, dir, false), ExpressionKind.POSITION, true);
                    add(new Extreme(d, dir, true), ExpressionKind.POSITION, true);
                }
            }
        }
    }

    /** The candidates for {@code target} by kind; kinds without a candidate are absent. */
    Map<ExpressionKind, List<Candidate>> forTarget(PlacedShape target) {
        return byTarget.getOrDefault(target.index(), Map.of());
    }

    /** All candidates, targets in scene order. */
    List<Candidate> all() {
        List<Candidate> out = new ArrayList<>();
        byTarget.values().forEach(m -> m.values().forEach(out::addAll));
        return out;
    }

    private void sized(Descriptor d) {
        add(new Described(d), ExpressionKind.SIZE, d.withoutSize().matches(scene).size() >= 2);
    }

    private void related(PlacedShape s, PlacedShape anchor) {
        if (anchor == s) {
            return;
        }
        for (Relation rel : Relation.values()) {
            if (!rel.holds(s, anchor)) {
                continue;
            }
            for (Descriptor what : List.of(Descriptor.of(s.colour(), s.kind()), Descriptor.of(s.kind()))) {
                for (Descriptor a : List.of(Descriptor.of(anchor.colour(), anchor.kind()), Descriptor.of(anchor.kind()))) {
                    add(new Related(what, rel, a), ExpressionKind.RELATION, what.matches(scene).size() >= 2);
                }
            }
        }
    }

    /** "shape", each kind, colour+kind and colour+"shape" present in the scene, in scene order. */
    private Set<Descriptor> extremeDescriptors() {
        Set<Descriptor> out = new LinkedHashSet<>();
        out.add(new Descriptor(null, null, null));
        for (PlacedShape s : scene.shapes()) {
            out.add(Descriptor.of(s.kind()));
            out.add(Descriptor.of(s.colour(), s.kind()));
            out.add(new Descriptor(null, s.colour(), null));
        }
        return out;
    }

    private void add(ReferringExpression q, ExpressionKind kind, boolean needed) {
        if (!q.definite(scene) || !seen.add(q.text())) {
            return;
        }
        List<PlacedShape> referents = q.referents(scene);
        if (referents.size() == 1) {
            byTarget.computeIfAbsent(referents.get(0).index(), i -> new EnumMap<>(ExpressionKind.class))
                    .computeIfAbsent(kind, k -> new ArrayList<>())
                    .add(new Candidate(new GroundedExpression(q.text(), kind, q, referents), needed));
        }
    }
}
