package io.simvg.losses;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Box operations as differentiable SameDiff ops with detrex's epsilons, on {@code [B, N, 4]} tensors: aligned (box
 * {@code a[b,n]} with {@code b[b,n]}, result {@code [B, N]}) and pairwise ({@code [B, N, 4]} × {@code [B, M, 4]} →
 * {@code [B, N, M]}). Built from slices, min/max, ReLU and arithmetic only (ops with working M2.1 gradients).
 */
public final class SdBoxOps {

    private SdBoxOps() {
    }

    /** cxcywh → xyxy, {@code [B, N, 4]}. */
    public static SDVariable cxcywhToXyxy(SameDiff sd, SDVariable cxcywh) {
        return sd.concat(2, corners(cxcywh, 3));
    }

    /** xyxy → cxcywh, {@code [B, N, 4]}. */
    public static SDVariable xyxyToCxcywh(SameDiff sd, SDVariable xyxy) {
        SDVariable x1 = coord(xyxy, 0, 3);
        SDVariable y1 = coord(xyxy, 1, 3);
        SDVariable x2 = coord(xyxy, 2, 3);
        SDVariable y2 = coord(xyxy, 3, 3);
        return sd.concat(2, x1.add(x2).div(2), y1.add(y2).div(2), x2.sub(x1), y2.sub(y1));
    }

    /** IoU of aligned cxcywh boxes, {@code [B, N]}. */
    public static SDVariable alignedIou(SameDiff sd, SDVariable a, SDVariable b) {
        return overlap(sd, corners(a, 3), corners(b, 3), false).sum(2);
    }

    /** Generalised IoU of aligned cxcywh boxes, {@code [B, N]}. */
    public static SDVariable alignedGiou(SameDiff sd, SDVariable a, SDVariable b) {
        return overlap(sd, corners(a, 3), corners(b, 3), true).sum(2);
    }

    /** IoU of every box of {@code a [B,N,4]} with every box of {@code b [B,M,4]} (cxcywh), {@code [B, N, M]}. */
    public static SDVariable pairwiseIou(SameDiff sd, SDVariable a, SDVariable b) {
        return overlap(sd, corners(sd.expandDims(a, 2), 4), corners(sd.expandDims(b, 1), 4), false).sum(3);
    }

    /** Generalised IoU of every pair (cxcywh), {@code [B, N, M]}. */
    public static SDVariable pairwiseGiou(SameDiff sd, SDVariable a, SDVariable b) {
        return overlap(sd, corners(sd.expandDims(a, 2), 4), corners(sd.expandDims(b, 1), 4), true).sum(3);
    }

    /** Column {@code i} of the last axis, keeping it with size 1. */
    static SDVariable coord(SDVariable boxes, int i, int rank) {
        SDIndex[] idx = new SDIndex[rank];
        for (int k = 0; k < rank - 1; k++) {
            idx[k] = SDIndex.all();
        }
        idx[rank - 1] = SDIndex.interval(i, i + 1);
        return boxes.get(idx);
    }

    /** {@code {x1, y1, x2, y2}} of cxcywh boxes. */
    private static SDVariable[] corners(SDVariable cxcywh, int rank) {
        SDVariable cx = coord(cxcywh, 0, rank);
        SDVariable cy = coord(cxcywh, 1, rank);
        SDVariable hw = coord(cxcywh, 2, rank).mul(0.5);
        SDVariable hh = coord(cxcywh, 3, rank).mul(0.5);
        return new SDVariable[] {cx.sub(hw), cy.sub(hh), cx.add(hw), cy.add(hh)};
    }

    /** IoU {@code inter/(union+1e-6)}, or GIoU {@code iou − (C−union)/(C+1e-6)}, of broadcastable corners. */
    private static SDVariable overlap(SameDiff sd, SDVariable[] p, SDVariable[] t, boolean generalised) {
        SDVariable areaA = p[2].sub(p[0]).mul(p[3].sub(p[1]));
        SDVariable areaB = t[2].sub(t[0]).mul(t[3].sub(t[1]));
        SDVariable iw = sd.nn.relu(sd.math.min(p[2], t[2]).sub(sd.math.max(p[0], t[0])), 0);
        SDVariable ih = sd.nn.relu(sd.math.min(p[3], t[3]).sub(sd.math.max(p[1], t[1])), 0);
        SDVariable inter = iw.mul(ih);
        SDVariable union = areaA.add(areaB).sub(inter);
        SDVariable iou = inter.div(union.add(BoxOps.EPS));
        if (!generalised) {
            return iou;
        }
        SDVariable cw = sd.nn.relu(sd.math.max(p[2], t[2]).sub(sd.math.min(p[0], t[0])), 0);
        SDVariable ch = sd.nn.relu(sd.math.max(p[3], t[3]).sub(sd.math.min(p[1], t[1])), 0);
        SDVariable enclosing = cw.mul(ch);
        return iou.sub(enclosing.sub(union).div(enclosing.add(BoxOps.EPS)));
    }
}
