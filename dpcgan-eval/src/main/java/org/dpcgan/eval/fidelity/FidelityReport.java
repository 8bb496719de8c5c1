package org.dpcgan.eval.fidelity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fidelity scores.
 *
 * @param columnShapes per column, its KSComplement or TVComplement over the non-missing values, in column order
 * @param missingValues per column with a missing cell in the real or the synthetic table, its
 *     MissingValueSimilarity (1 − the difference of the missing shares), in column order
 * @param columnPairTrends per pair {@code "a|b"} (a before b in column order), its CorrelationSimilarity or
 *     ContingencySimilarity
 * @param columnShapesScore mean over the columns of their shape score, multiplied by their missing-value score
 *     where they have one (a complete table scores as in SDMetrics; invented or lost missing values lower it)
 * @param columnPairTrendsScore mean of the defined pair scores (NaN if there is none)
 * @param qualityScore mean of the two scores above (the shapes score alone when there are no pairs)
 * @param correlationMethod the coefficient used by CorrelationSimilarity
 * @param correlations the numeric columns' correlation matrices of both tables, for the heatmaps
 * @param threeWayMarginals per column triple {@code "a|b|c"} (every triple, or a random sample of 200 of them), its
 *     ThreeWaySimilarity: 1 − ½ Σ ∣p_real − p_syn∣ over the triple's joint table, numeric columns binned as for
 *     ContingencySimilarity; not part of the quality score
 * @param threeWayScore mean of the defined triple scores (NaN if there is none)
 */
public record FidelityReport(
    Map<String, MetricScore> columnShapes,
    Map<String, MetricScore> missingValues,
    Map<String, MetricScore> columnPairTrends,
    double columnShapesScore,
    double columnPairTrendsScore,
    double qualityScore,
    CorrelationMethod correlationMethod,
    Correlations correlations,
    Map<String, MetricScore> threeWayMarginals,
    double threeWayScore) {

  public FidelityReport {
    columnShapes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnShapes));
    missingValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(missingValues));
    columnPairTrends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnPairTrends));
    threeWayMarginals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(threeWayMarginals));
  }

  /**
   * Correlation matrices of the numeric columns (pairwise-complete rows; NaN where undefined).
   *
   * @param columns the numeric column names
   * @param real the real table's matrix, {@code columns.size()} square
   * @param synthetic the synthetic table's matrix
   */
  public record Correlations(List<String> columns, double[][] real, double[][] synthetic) {
    public Correlations {
      columns = List.copyOf(columns);
    }

    @Override
    public String toString() {
      return "Correlations[" + columns.size() + " numeric columns]";
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FidelityReport[quality=%.4f, column shapes=%.4f (%d columns), pair trends=%.4f (%d pairs)]",
        qualityScore,
        columnShapesScore,
        columnShapes.size(),
        columnPairTrendsScore,
        columnPairTrends.size());
  }
}
