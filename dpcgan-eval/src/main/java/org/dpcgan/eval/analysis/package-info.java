/**
 * The analysis part of an {@link org.dpcgan.eval.EvaluationReport}: a {@link org.dpcgan.eval.analysis.Formula}
 * names an analysis ({@code "income ~ age + sex"}); {@link org.dpcgan.eval.analysis.AnalysisComparison} compares its
 * coefficients fitted on the real and on the synthetic rows (specific utility), {@link
 * org.dpcgan.eval.analysis.PmseReport} the propensity score mean squared error (general utility; Snoke et al. 2018).
 */
package org.dpcgan.eval.analysis;
