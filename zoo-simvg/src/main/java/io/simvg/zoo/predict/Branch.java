package io.simvg.zoo.predict;

import io.simvg.zoo.graph.SimVGGraph;

/** The prediction branch whose outputs a predictor reads. */
public enum Branch {
    /** The fast token branch (SimVG's default at inference). */
    TOKEN(SimVGGraph.TOK_LOGITS, SimVGGraph.TOK_BOXES),
    /** The DETR decoder branch. */
    DECODER(SimVGGraph.DEC_LOGITS, SimVGGraph.DEC_BOXES);

    private final String logits;
    private final String boxes;

    Branch(String logits, String boxes) {
        this.logits = logits;
        this.boxes = boxes;
    }

    public String logitsOutput() {
        return logits;
    }

    public String boxesOutput() {
        return boxes;
    }
}
