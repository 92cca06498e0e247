package io.simvg.losses;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Box operations as differentiable SameDiff ops on {@code [B, G, 4]} cxcywh tensors, aligned pair by pair, with
 * detrex's epsilons. Built from slices, min/max, ReLU and arithmetic only (ops with working M2.1 gradients).
 */
public final class SdBoxOps {

    private SdBoxOps() {
    }

    /** Column {@code i} of the last axis, {@code [B, G, 1]}. */
    static SDVariable coord(SDVariable boxes, int i) {
        return boxes.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(i, i + 1));
    }

    /** {@code {x1, y1, x2, y2}} of cxcywh boxes, each {@code [B, G, 1]}. */
    public static SDVariable[] xyxy(SDVariable cxcywh) {
        SDVariable cx = coord(cxcywh, 0);
        SDVariable cy = coord(cxcywh, 1);
        SDVariable hw = coord(cxcywh, 2).mul(0.5);
        SDVariable hh = coord(cxcywh, 3).mul(0.5);
        return new SDVariable[] {cx.sub(hw), cy.sub(hh), cx.add(hw), cy.add(hh)};
    }

    /** Generalised IoU of box {@code a[b,g]} with box {@code b[b,g]}, {@code [B, G, 1]}. */
    public static SDVariable alignedGiou(SameDiff sd, SDVariable a, SDVariable b) {
        SDVariable[] p = xyxy(a);
        SDVariable[] t = xyxy(b);
        SDVariable areaA = p[2].sub(p[0]).mul(p[3].sub(p[1]));
        SDVariable areaB = t[2].sub(t[0]).mul(t[3].sub(t[1]));
        SDVariable iw = sd.nn.relu(sd.math.min(p[2], t[2]).sub(sd.math.max(p[0], t[0])), 0);
        SDVariable ih = sd.nn.relu(sd.math.min(p[3], t[3]).sub(sd.math.max(p[1], t[1])), 0);
        SDVariable inter = iw.mul(ih);
        SDVariable union = areaA.add(areaB).sub(inter);
        SDVariable iou = inter.div(union.add(BoxOps.EPS));
        SDVariable cw = sd.nn.relu(sd.math.max(p[2], t[2]).sub(sd.math.min(p[0], t[0])), 0);
        SDVariable ch = sd.nn.relu(sd.math.max(p[3], t[3]).sub(sd.math.min(p[1], t[1])), 0);
        SDVariable enclosing = cw.mul(ch);
        return iou.sub(enclosing.sub(union).div(enclosing.add(BoxOps.EPS)));
    }
}
