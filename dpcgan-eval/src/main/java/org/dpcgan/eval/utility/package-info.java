/**
 * The utility and detection parts of an {@link org.dpcgan.eval.EvaluationReport}: train on synthetic, test on real
 * against train on real ({@link org.dpcgan.eval.utility.UtilityReport}), and how well a classifier tells real from
 * synthetic rows ({@link org.dpcgan.eval.utility.DetectionReport}).
 */
package org.dpcgan.eval.utility;
