/**
 * Internal: specific and general utility in the sense of Snoke, Raab, Nowok, Dibben and Slavković (2018, "General and
 * specific utility measures for synthetic data", J. R. Stat. Soc. A 181(3)).
 *
 * <p>Specific utility: an analysis named by a {@link org.dpcgan.eval.analysis.Formula} ({@code "income ~ age +
 * sex"}) is fitted on the real and on the synthetic rows ({@link org.dpcgan.eval.internal.analysis.AnalysisEvaluator}),
 * and each coefficient's two estimates are compared by interval overlap (Karr et al. 2006), standardised
 * difference (synthpop), and agreement of sign and 5% significance. General utility: {@link
 * org.dpcgan.eval.internal.analysis.Pmse}, the propensity score mean squared error and its ratio to the null expectation.
 *
 * <p>Fits use commons-math3 (Apache-2.0): {@code OLSMultipleLinearRegression} for linear models; Fisher scoring
 * whose every solve and inverse is a commons-math3 Cholesky decomposition for logistic models.
 */
package org.dpcgan.eval.internal.analysis;
