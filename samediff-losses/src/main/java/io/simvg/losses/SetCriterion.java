package io.simvg.losses;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SimVG's DETR set criterion for one set of predictions ({@code [B, Nq, 2]} logits, {@code [B, Nq, 4]} sigmoid
 * cxcywh boxes) against one set of targets (SIMVG.md §2.2):
 * <ul>
 *   <li>class: 2-way cross-entropy, target "object" for matched queries and "no-object" otherwise, class weights
 *   {@code [1, 0.1]} (0.1 = {@link #EOS_COEF}, DETR's {@code eos_coef}; another weight can be given), weighted mean
 *   over all queries;</li>
 *   <li>L1 and {@code 1 − GIoU} over matched pairs, divided by {@code max(1, #targets in the batch)};</li>
 *   <li>weighted sum {@code 1·class + 5·L1 + 2·GIoU}.</li>
 * </ul>
 * The Hungarian matching is computed in Java ({@link #prepare}) and enters the graph as placeholders: a one-hot
 * assignment {@code P [B, G, Nq]} (matched boxes = {@code P·boxes}, no {@code gather}), the padded targets, a
 * matched-target mask, the per-query object indicator and the normaliser.
 */
public final class SetCriterion {

    /** SimVG's class weight of "no-object" targets (DETR's {@code eos_coef}). */
    public static final double EOS_COEF = 0.1;
    public static final double WEIGHT_CLASS = 1.0;
    public static final double WEIGHT_BBOX = 5.0;
    public static final double WEIGHT_GIOU = 2.0;
    /** A well-formed box for padded target rows (masked out, but keeps every term finite). */
    private static final float[] PAD_BOX = {0.5f, 0.5f, 1f, 1f};

    private final String name;
    private final DataType dataType;
    private final SDVariable lossClass;
    private final SDVariable lossBbox;
    private final SDVariable lossGiou;
    private final SDVariable weighted;

    /**
     * @param name   prefix of the placeholders and loss variables (e.g. {@code dec_2}, {@code tok_gt})
     * @param logits predicted logits {@code [B, Nq, 2]}
     * @param boxes  predicted boxes {@code [B, Nq, 4]}
     * @param eosCoef class weight of the "no-object" targets of unmatched queries (matched ones weigh 1); SimVG's is
     *                {@link #EOS_COEF}
     */
    public SetCriterion(SameDiff sd, String name, SDVariable logits, SDVariable boxes, int numQueries,
                        double eosCoef) {
        if (!(eosCoef > 0) || Double.isInfinite(eosCoef)) {
            throw new IllegalArgumentException("no-object class weight must be positive and finite, got " + eosCoef);
        }
        this.name = name;
        this.dataType = logits.dataType();
        SDVariable assign = sd.placeHolder(name + "_assign", dataType, -1, -1, numQueries);
        SDVariable targets = sd.placeHolder(name + "_target_boxes", dataType, -1, -1, 4);
        SDVariable matchedTarget = sd.placeHolder(name + "_target_matched", dataType, -1, -1);
        SDVariable object = sd.placeHolder(name + "_object", dataType, -1, numQueries);
        SDVariable numBoxes = sd.placeHolder(name + "_num_boxes", dataType);

        SDVariable matched = sd.mmul(assign, boxes); // [B, G, 4]: the box of the query matched to target g
        SDVariable l1 = sd.math.abs(matched.sub(targets)).sum(2).mul(matchedTarget);
        lossBbox = sd.sum(l1).div(numBoxes).rename(name + "_loss_bbox");
        SDVariable giou = SdBoxOps.alignedGiou(sd, matched, targets); // [B, G]
        lossGiou = sd.sum(giou.rsub(1.0).mul(matchedTarget)).div(numBoxes).rename(name + "_loss_giou");

        SDVariable margin = column(logits, 1).sub(column(logits, 0)).sum(2); // l_noobj - l_obj, [B, Nq]
        SDVariable ce = object.mul(softplus(sd, margin)).add(object.rsub(1.0).mul(softplus(sd, margin.neg())));
        SDVariable classWeight = object.mul(1.0 - eosCoef).add(eosCoef);
        lossClass = sd.sum(ce.mul(classWeight)).div(sd.sum(classWeight)).rename(name + "_loss_class");

        weighted = lossClass.mul(WEIGHT_CLASS).add(lossBbox.mul(WEIGHT_BBOX)).add(lossGiou.mul(WEIGHT_GIOU))
                .rename(name + "_loss");
    }

    public String name() {
        return name;
    }

    public SDVariable lossClass() {
        return lossClass;
    }

    public SDVariable lossBbox() {
        return lossBbox;
    }

    public SDVariable lossGiou() {
        return lossGiou;
    }

    /** {@code 1·class + 5·L1 + 2·GIoU}. */
    public SDVariable weighted() {
        return weighted;
    }

    /** Placeholder values for one step and the matching behind them. */
    public record Prepared(Map<String, INDArray> placeholders, List<Matching> matchings) {
    }

    /**
     * Matches detached predictions to the targets and builds the placeholder values.
     *
     * @param logits  {@code [B, Nq, 2]} predictions of this set (forward-pass values)
     * @param boxes   {@code [B, Nq, 4]}
     * @param targets per image {@code [n][4]} cxcywh target boxes
     */
    public Prepared prepare(INDArray logits, INDArray boxes, float[][][] targets) {
        List<Matching> matchings = HungarianMatcher.match(logits, boxes, targets, name);
        return new Prepared(placeholders(targets, matchings, (int) logits.size(1)), matchings);
    }

    /** Placeholder values for a given matching. */
    public Map<String, INDArray> placeholders(float[][][] targets, List<Matching> matchings, int numQueries) {
        int b = targets.length;
        int g = 1;
        long total = 0;
        for (float[][] t : targets) {
            g = Math.max(g, t.length);
            total += t.length;
        }
        INDArray assign = Nd4j.zeros(dataType, b, g, numQueries);
        INDArray boxes = Nd4j.zeros(dataType, b, g, 4);
        INDArray matched = Nd4j.zeros(dataType, b, g);
        INDArray object = Nd4j.zeros(dataType, b, numQueries);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < g; j++) {
                float[] box = j < targets[i].length ? targets[i][j] : PAD_BOX;
                for (int k = 0; k < 4; k++) {
                    boxes.putScalar(new long[] {i, j, k}, box[k]);
                }
            }
            Matching m = matchings.get(i);
            for (int k = 0; k < m.size(); k++) {
                assign.putScalar(new long[] {i, m.targets()[k], m.queries()[k]}, 1.0);
                matched.putScalar(new long[] {i, m.targets()[k]}, 1.0);
                object.putScalar(new long[] {i, m.queries()[k]}, 1.0);
            }
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(name + "_assign", assign);
        ph.put(name + "_target_boxes", boxes);
        ph.put(name + "_target_matched", matched);
        ph.put(name + "_object", object);
        ph.put(name + "_num_boxes", Nd4j.scalar(dataType, Math.max(1.0, total)));
        return ph;
    }

    private static SDVariable column(SDVariable x, int i) {
        return x.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(i, i + 1));
    }

    /** Overflow-free softplus: {@code max(x, 0) + log(1 + exp(−|x|))}. */
    static SDVariable softplus(SameDiff sd, SDVariable x) {
        return sd.nn.relu(x, 0).add(sd.math.log1p(sd.math.exp(sd.math.abs(x).neg())));
    }
}
