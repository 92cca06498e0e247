package io.simvg.zoo.eval;

/**
 * How one REC sample was scored.
 *
 * @param iou     IoU of the predicted box with the ground truth the protocol compares it to (0 without a prediction)
 * @param correct {@code iou >= 0.5}
 */
public record RecSampleResult(double iou, boolean correct) {
}
