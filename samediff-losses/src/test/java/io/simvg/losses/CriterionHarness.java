package io.simvg.losses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A graph whose "model outputs" are placeholders, with a {@link SimVGCriterion} on top (what the fixtures feed). */
final class CriterionHarness {

    final SameDiff sd = SameDiff.create();
    final SimVGCriterion criterion;
    final int layers;

    CriterionHarness(int layers, int numQueries, TrainingStage stage, double gammaToken, double gammaDistill) {
        this.layers = layers;
        List<SDVariable> logits = new ArrayList<>();
        List<SDVariable> boxes = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            logits.add(sd.placeHolder("pred_dec_logits_" + l, DataType.FLOAT, -1, numQueries, 2));
            boxes.add(sd.placeHolder("pred_dec_boxes_" + l, DataType.FLOAT, -1, numQueries, 4));
        }
        SDVariable tl = sd.placeHolder("pred_tok_logits", DataType.FLOAT, -1, numQueries, 2);
        SDVariable tb = sd.placeHolder("pred_tok_boxes", DataType.FLOAT, -1, numQueries, 4);
        criterion = new SimVGCriterion(sd, logits, boxes, tl, tb, numQueries, stage, gammaToken, gammaDistill,
                SetCriterion.EOS_COEF);
    }

    /** Runs prepare + the loss graph; returns every term by name and the step. */
    Map.Entry<Map<String, INDArray>, SimVGCriterion.Step> run(INDArray decLogits, INDArray decBoxes,
                                                             INDArray tokLogits, INDArray tokBoxes,
                                                             float[][][] targets) {
        List<INDArray> dl = new ArrayList<>();
        List<INDArray> db = new ArrayList<>();
        Map<String, INDArray> ph = new HashMap<>();
        for (int l = 0; l < layers; l++) {
            dl.add(decLogits.slice(l));
            db.add(decBoxes.slice(l));
            ph.put("pred_dec_logits_" + l, decLogits.slice(l).dup());
            ph.put("pred_dec_boxes_" + l, decBoxes.slice(l).dup());
        }
        if (tokLogits != null) {
            ph.put("pred_tok_logits", tokLogits);
            ph.put("pred_tok_boxes", tokBoxes);
        }
        SimVGCriterion.Step step = criterion.prepare(dl, db, tokLogits, tokBoxes, targets);
        ph.putAll(step.placeholders());
        Map<String, INDArray> out = sd.output(ph, criterion.terms().keySet().toArray(new String[0]));
        return Map.entry(out, step);
    }
}
