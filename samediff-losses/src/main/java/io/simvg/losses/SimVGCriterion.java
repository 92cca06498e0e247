package io.simvg.losses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SimVG's training objective on a SameDiff graph, built once:
 * <pre>
 * loss = Σ_l L_set(decoder layer l, GT)                                  (aux layers matched independently)
 *      + γ1·(1 − W_dt)·L_set(token, GT) + γ2·W_dt·L_set(token, pseudo)   (not in stage {@link TrainingStage#DECODER})
 * </pre>
 * Each training step: run the forward pass, call {@link #prepare} with its outputs and the targets, add the returned
 * placeholders to the inputs, then compute gradients (or {@code fit}) with {@link #total()} as the loss. Every term
 * is a named variable ({@link #terms()}) readable in the same pass for logging.
 */
public final class SimVGCriterion {

    /** Name of the scalar total loss variable. */
    public static final String TOTAL = "loss_total";
    /** Placeholder carrying W_dt (detached). */
    public static final String DISTILL_WEIGHT = "loss_distill_w";

    private final TrainingStage stage;
    private final List<SetCriterion> decoder = new ArrayList<>();
    private final SetCriterion tokenGt;
    private final SetCriterion tokenKd;
    private final int numQueries;
    private final Map<String, SDVariable> terms = new LinkedHashMap<>();
    private final SDVariable total;

    /**
     * @param decoderLogits per decoder layer {@code [B, Nq, 2]}, last = the branch output
     * @param decoderBoxes  per decoder layer {@code [B, Nq, 4]}
     * @param tokenLogits   token branch {@code [B, Nq, 2]} (ignored in stage DECODER, may be null there)
     * @param tokenBoxes    token branch {@code [B, Nq, 4]}
     * @param eosCoef       "no-object" class weight of every set criterion (SimVG: {@link SetCriterion#EOS_COEF})
     */
    public SimVGCriterion(SameDiff sd, List<SDVariable> decoderLogits, List<SDVariable> decoderBoxes,
                          SDVariable tokenLogits, SDVariable tokenBoxes, int numQueries, TrainingStage stage,
                          double gammaToken, double gammaDistill, double eosCoef) {
        if (decoderLogits.isEmpty() || decoderLogits.size() != decoderBoxes.size()) {
            throw new IllegalArgumentException("need logits and boxes for every decoder layer, got "
                    + decoderLogits.size() + " and " + decoderBoxes.size());
        }
        this.stage = stage;
        this.numQueries = numQueries;
        SDVariable sum = null;
        for (int l = 0; l < decoderLogits.size(); l++) {
            SetCriterion c = new SetCriterion(sd, "dec_" + l, decoderLogits.get(l), decoderBoxes.get(l), numQueries,
                    eosCoef);
            decoder.add(c);
            addTerms(c);
            sum = sum == null ? c.weighted() : sum.add(c.weighted());
        }
        terms.put("loss_dgt", sd.identity("loss_dgt", sum));
        if (stage.distills()) {
            tokenGt = new SetCriterion(sd, "tok_gt", tokenLogits, tokenBoxes, numQueries, eosCoef);
            tokenKd = new SetCriterion(sd, "tok_kd", tokenLogits, tokenBoxes, numQueries, eosCoef);
            addTerms(tokenGt);
            addTerms(tokenKd);
            SDVariable w = sd.placeHolder(DISTILL_WEIGHT, tokenLogits.dataType());
            SDVariable tgt = tokenGt.weighted().mul(w.rsub(1.0)).mul(gammaToken).rename("loss_tgt");
            SDVariable kd = tokenKd.weighted().mul(w).mul(gammaDistill).rename("loss_kd");
            terms.put("loss_tgt", tgt);
            terms.put("loss_kd", kd);
            sum = sum.add(tgt).add(kd);
        } else {
            tokenGt = null;
            tokenKd = null;
        }
        total = sd.identity(TOTAL, sum);
        terms.put(TOTAL, total);
    }

    private void addTerms(SetCriterion c) {
        terms.put(c.lossClass().name(), c.lossClass());
        terms.put(c.lossBbox().name(), c.lossBbox());
        terms.put(c.lossGiou().name(), c.lossGiou());
        terms.put(c.weighted().name(), c.weighted());
    }

    /** The scalar to minimise. */
    public SDVariable total() {
        return total;
    }

    /** Every loss term by name: per set {@code <set>_loss_class/_bbox/_giou} (raw) and {@code <set>_loss}, plus totals. */
    public Map<String, SDVariable> terms() {
        return terms;
    }

    public List<SetCriterion> decoderCriteria() {
        return decoder;
    }

    /** Placeholder values of one step, with the matchings and W_dt behind them. */
    public record Step(Map<String, INDArray> placeholders, List<List<Matching>> decoderMatchings,
                       List<Matching> tokenGtMatching, List<Matching> tokenKdMatching,
                       DynamicWeightBalanceDistillation.Result distillation) {
    }

    /**
     * Matches detached forward-pass outputs to the targets and returns the placeholder values.
     *
     * @param decoderLogits per layer {@code [B, Nq, 2]}
     * @param decoderBoxes  per layer {@code [B, Nq, 4]}
     * @param tokenLogits   {@code [B, Nq, 2]} (null in stage DECODER)
     * @param tokenBoxes    {@code [B, Nq, 4]}
     * @param targets       per image ground-truth cxcywh boxes (an image without target has none)
     */
    public Step prepare(List<INDArray> decoderLogits, List<INDArray> decoderBoxes, INDArray tokenLogits,
                        INDArray tokenBoxes, float[][][] targets) {
        if (decoderLogits.size() != decoder.size() || decoderBoxes.size() != decoder.size()) {
            throw new IllegalArgumentException("criterion has " + decoder.size() + " decoder layers, got outputs of "
                    + decoderLogits.size() + " / " + decoderBoxes.size());
        }
        checkTargets(targets);
        Map<String, INDArray> ph = new HashMap<>();
        List<List<Matching>> decMatchings = new ArrayList<>();
        for (int l = 0; l < decoder.size(); l++) {
            SetCriterion.Prepared p = decoder.get(l).prepare(decoderLogits.get(l), decoderBoxes.get(l), targets);
            ph.putAll(p.placeholders());
            decMatchings.add(p.matchings());
        }
        if (!stage.distills()) {
            return new Step(ph, decMatchings, List.of(), List.of(), null);
        }
        int last = decoder.size() - 1;
        DynamicWeightBalanceDistillation.Result dwbd = DynamicWeightBalanceDistillation.compute(
                decoderLogits.get(last), decoderBoxes.get(last), targets, decMatchings.get(last));
        SetCriterion.Prepared gt = tokenGt.prepare(tokenLogits, tokenBoxes, targets);
        SetCriterion.Prepared kd = tokenKd.prepare(tokenLogits, tokenBoxes, dwbd.pseudoTargets());
        ph.putAll(gt.placeholders());
        ph.putAll(kd.placeholders());
        ph.put(DISTILL_WEIGHT, Nd4j.scalar(tokenLogits.dataType(), dwbd.weight()));
        return new Step(ph, decMatchings, gt.matchings(), kd.matchings(), dwbd);
    }

    /** Ground-truth boxes must be finite, non-negative in size and inside the unit square (normalised cxcywh). */
    static void checkTargets(float[][][] targets) {
        for (int b = 0; b < targets.length; b++) {
            for (int g = 0; g < targets[b].length; g++) {
                float[] t = targets[b][g];
                if (t.length != 4) {
                    throw new IllegalArgumentException("target box [" + b + "][" + g + "] has " + t.length + " values");
                }
                for (float v : t) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("target box [" + b + "][" + g + "] is not finite: "
                                + java.util.Arrays.toString(t));
                    }
                }
                if (t[2] < 0 || t[3] < 0) {
                    throw new IllegalArgumentException("target box [" + b + "][" + g + "] has negative size: "
                            + java.util.Arrays.toString(t));
                }
            }
        }
    }
}
