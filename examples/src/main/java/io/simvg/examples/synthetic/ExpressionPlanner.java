package io.simvg.examples.synthetic;

import io.simvg.examples.synthetic.ReferringExpression.Described;
import io.simvg.examples.synthetic.ReferringExpression.Quantified;
import io.simvg.examples.synthetic.SingularCandidates.Candidate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses the expressions of each image of one split. REC: up to {@value #REC_TARGETS_PER_IMAGE} different shapes,
 * one expression each, kinds steered by default to 50 % colour+shape, 20 % size, 15 % relation, 15 % position (mostly
 * simple ones, so a small model trained from scratch can learn the task). GREC: one expression per image, 50 %
 * multi-target, 25 % no-target, 25 % single-target. Stateful across the images of a split (the quotas), so one
 * planner per split.
 */
final class ExpressionPlanner {

    static final int REC_TARGETS_PER_IMAGE = 3;
    /** How often a candidate whose extra words are necessary is preferred over a merely redundant one. */
    private static final double PREFER_NEEDED = 0.8;
    /** How often a no-target expression is a wrong size of a present colour+kind rather than an absent pair. */
    private static final double WRONG_SIZE = 0.3;

    /** The REC kinds' target shares unless a set asks for others. */
    static final Map<ExpressionKind, Double> DEFAULT_REC_SHARES = Map.of(ExpressionKind.COLOUR_SHAPE, 0.5,
            ExpressionKind.SIZE, 0.2, ExpressionKind.RELATION, 0.15, ExpressionKind.POSITION, 0.15);

    private final Quota<ExpressionKind> rec;
    private final Quota<ExpressionKind> grec = new Quota<>(ExpressionKind.class, Map.of(ExpressionKind.MULTI, 0.5,
            ExpressionKind.NO_TARGET, 0.25, ExpressionKind.SINGLE, 0.25));

    /** @param recShares target share of each REC kind (they sum to 1; a kind left out is never chosen) */
    ExpressionPlanner(Map<ExpressionKind, Double> recShares) {
        this.rec = new Quota<>(ExpressionKind.class, recShares);
    }

    List<GroundedExpression> rec(Scene scene, SingularCandidates candidates, SplittableRandom r) {
        List<PlacedShape> order = new ArrayList<>(scene.shapes());
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, r.nextInt(i + 1));
        }
        List<GroundedExpression> out = new ArrayList<>();
        for (PlacedShape target : order) {
            if (out.size() == REC_TARGETS_PER_IMAGE) {
                break;
            }
            Map<ExpressionKind, List<Candidate>> byKind = candidates.forTarget(target);
            ExpressionKind kind = rec.pick(byKind.keySet());
            if (kind != null) {
                rec.count(kind);
                out.add(choose(byKind.get(kind), r));
            }
        }
        return out;
    }

    GroundedExpression grec(Scene scene, SingularCandidates candidates, SplittableRandom r) {
        Map<ExpressionKind, List<GroundedExpression>> options = new EnumMap<>(ExpressionKind.class);
        List<GroundedExpression> multi = multiTarget(scene);
        if (!multi.isEmpty()) {
            options.put(ExpressionKind.MULTI, multi);
        }
        List<GroundedExpression> none = noTarget(scene, r);
        if (!none.isEmpty()) {
            options.put(ExpressionKind.NO_TARGET, none);
        }
        GroundedExpression single = single(candidates, r);
        if (single != null) {
            options.put(ExpressionKind.SINGLE, List.of(single));
        }
        ExpressionKind kind = grec.pick(options.keySet());
        grec.count(kind);
        List<GroundedExpression> pool = options.get(kind);
        return pool.get(r.nextInt(pool.size()));
    }

    /** A single-target expression of a random REC kind (uniform, so relations do not dominate by their number). */
    private static GroundedExpression single(SingularCandidates candidates, SplittableRandom r) {
        Map<ExpressionKind, List<GroundedExpression>> byKind = new EnumMap<>(ExpressionKind.class);
        for (Candidate c : candidates.all()) {
            byKind.computeIfAbsent(c.expression().kind(), k -> new ArrayList<>()).add(c.expression());
        }
        if (byKind.isEmpty()) {
            return null;
        }
        List<List<GroundedExpression>> kinds = new ArrayList<>(byKind.values());
        List<GroundedExpression> pool = kinds.get(r.nextInt(kinds.size()));
        GroundedExpression e = pool.get(r.nextInt(pool.size()));
        return new GroundedExpression(e.text(), ExpressionKind.SINGLE, e.query(), e.targets());
    }

    private static GroundedExpression choose(List<Candidate> pool, SplittableRandom r) {
        List<Candidate> needed = pool.stream().filter(Candidate::needed).toList();
        List<Candidate> from = !needed.isEmpty() && r.nextDouble() < PREFER_NEEDED ? needed : pool;
        return from.get(r.nextInt(from.size())).expression();
    }

    /** "all X" for every descriptor matching 2+ shapes, plus "both"/"the two"/… where the count is right. */
    private static List<GroundedExpression> multiTarget(Scene scene) {
        Set<Descriptor> descriptors = new LinkedHashSet<>();
        for (PlacedShape s : scene.shapes()) {
            descriptors.add(Descriptor.of(s.kind()));
            descriptors.add(Descriptor.of(s.colour(), s.kind()));
            descriptors.add(new Descriptor(null, s.colour(), null));
            descriptors.add(new Descriptor(s.size(), null, null));
            descriptors.add(new Descriptor(s.size(), null, s.kind()));
        }
        List<GroundedExpression> out = new ArrayList<>();
        for (Descriptor d : descriptors) {
            if (d.matches(scene).size() >= 2) {
                for (Quantifier q : Quantifier.values()) {
                    Quantified e = new Quantified(q, d);
                    if (e.definite(scene)) {
                        out.add(GroundedExpression.of(e, ExpressionKind.MULTI, scene));
                    }
                }
            }
        }
        if (out.isEmpty()) {   // every shape differs in kind, colour and size: only "all shapes" remains
            out.add(GroundedExpression.of(new Quantified(Quantifier.ALL, new Descriptor(null, null, null)),
                    ExpressionKind.MULTI, scene));
        }
        return out;
    }

    /**
     * Near misses, so that both words must be checked: an absent colour+kind pair whose colour or kind is present
     * ("the purple star" beside a purple circle), or a present pair in the other size ("the large red circle").
     */
    private static List<GroundedExpression> noTarget(Scene scene, SplittableRandom r) {
        List<GroundedExpression> absentPair = new ArrayList<>();
        for (ShapeColour c : ShapeColour.values()) {
            for (ShapeKind k : ShapeKind.values()) {
                Descriptor d = Descriptor.of(c, k);
                boolean related = scene.shapes().stream().anyMatch(s -> s.colour() == c || s.kind() == k);
                if (related && d.matches(scene).isEmpty()) {
                    absentPair.add(GroundedExpression.of(new Described(d), ExpressionKind.NO_TARGET, scene));
                }
            }
        }
        Set<String> texts = new LinkedHashSet<>();
        List<GroundedExpression> wrongSize = new ArrayList<>();
        for (PlacedShape s : scene.shapes()) {
            for (ShapeSize size : ShapeSize.values()) {
                Described e = new Described(new Descriptor(size, s.colour(), s.kind()));
                if (e.referents(scene).isEmpty() && texts.add(e.text())) {
                    wrongSize.add(GroundedExpression.of(e, ExpressionKind.NO_TARGET, scene));
                }
            }
        }
        boolean useSize = !wrongSize.isEmpty() && (absentPair.isEmpty() || r.nextDouble() < WRONG_SIZE);
        return useSize ? wrongSize : absentPair;
    }
}
