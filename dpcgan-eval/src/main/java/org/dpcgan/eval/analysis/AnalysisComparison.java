package org.dpcgan.eval.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One analysis (a regression named by a formula) fitted on the real and on the synthetic rows: "would the
 * synthetic table lead to the same conclusions?" (specific utility; Snoke et al. 2018).
 *
 * @param formula the formula as given
 * @param family logistic or linear
 * @param outcome the outcome column
 * @param event for a logistic fit, the outcome value modelled as 1 (the second of the two real levels in sorted
 *     order, as R orders a factor; 1 for a 0/1 column); {@code null} for a linear fit
 * @param referenceLevels each categorical predictor's reference level (its most frequent level among the real
 *     rows used), in formula order
 * @param realRows real rows used in the fit
 * @param syntheticRows synthetic rows used in the fit
 * @param realDropped real rows left out (a missing value in a model column)
 * @param syntheticDropped synthetic rows left out (a missing value, or a level the real fit has no coefficient
 *     for; a warning says how many of the latter)
 * @param terms one comparison per coefficient, the intercept first
 */
public record AnalysisComparison(
    String formula,
    ModelFamily family,
    String outcome,
    String event,
    Map<String, String> referenceLevels,
    int realRows,
    int syntheticRows,
    int realDropped,
    int syntheticDropped,
    List<TermComparison> terms) {
  public AnalysisComparison {
    referenceLevels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(referenceLevels));
    terms = List.copyOf(terms);
  }

  /** Mean CI overlap over the terms estimable on both tables (synthpop's "mean.ci.overlap"); NaN if none. */
  public double meanCiOverlap() {
    return terms.stream().filter(t -> !Double.isNaN(t.ciOverlap())).mapToDouble(TermComparison::ciOverlap)
        .average().orElse(Double.NaN);
  }

  /** Mean standardised difference over the estimable terms (synthpop's "mean.abs.std.diff"); NaN if none. */
  public double meanStdDifference() {
    return terms.stream().filter(t -> !Double.isNaN(t.stdDifference())).mapToDouble(TermComparison::stdDifference)
        .average().orElse(Double.NaN);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "AnalysisComparison[%s (%s), %d terms, mean CI overlap %.3f, mean std. difference %.3f]",
        formula, family.jsonName(), terms.size(), meanCiOverlap(), meanStdDifference());
  }
}
