/**
 * A synthetic visual-grounding data set for training and checking SimVG without downloads: coloured shapes on
 * textured backgrounds, REC expressions with exactly one referent and GREC expressions with several or none, written
 * in the SeqTR/SimVG and gRefCOCO formats so that they are read by the same code as the real data sets.
 *
 * <ul>
 *   <li>Scenes: {@link io.simvg.examples.synthetic.SceneSampler} (what is where), {@link
 *       io.simvg.examples.synthetic.SceneRenderer} (Java2D, JPEG).</li>
 *   <li>Expressions: {@link io.simvg.examples.synthetic.ReferringExpression} (text + meaning on a scene), {@link
 *       io.simvg.examples.synthetic.ExpressionParser} (text back to meaning), {@link
 *       io.simvg.examples.synthetic.SingularCandidates} and {@link io.simvg.examples.synthetic.ExpressionPlanner}
 *       (which expressions an image gets).</li>
 *   <li>Files: {@link io.simvg.examples.synthetic.ShapesLayout} (where, and which reader opens what), the writers, and
 *       {@link io.simvg.examples.synthetic.SyntheticGroundingSet} (the entry point, also {@code simvg synth}).</li>
 *   <li>{@link io.simvg.examples.synthetic.BundledShapes}: the committed validation split and how to regenerate it.</li>
 * </ul>
 */
package io.simvg.examples.synthetic;
