/**
 * Internal: fidelity metrics with SDMetrics-compatible definitions (SDMetrics, DataCebo, "Quality Report"): per column
 * KSComplement (numeric) and TVComplement (categorical); per pair CorrelationSimilarity (both numeric) and
 * ContingencySimilarity (otherwise, numeric columns binned into 10 equal-width bins over the real range);
 * the column-shapes, column-pair-trends and overall quality scores.
 *
 * <p>Missing values: every metric uses the non-missing values of the column, and pair metrics the rows where
 * both columns are present (pairwise-complete), as DESIGN.md §5 states.
 */
package org.dpcgan.eval.internal.fidelity;
