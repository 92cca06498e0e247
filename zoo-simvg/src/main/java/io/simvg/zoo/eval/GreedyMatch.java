package io.simvg.zoo.eval;

/**
 * One pair taken by GREC's greedy matching.
 *
 * @param pred index into the kept predictions, best score first
 * @param gt   index into the GT boxes
 * @param giou their generalised IoU (≥ 0.5)
 */
public record GreedyMatch(int pred, int gt, double giou) {
}
