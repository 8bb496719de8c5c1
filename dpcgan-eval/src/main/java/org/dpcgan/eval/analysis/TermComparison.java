package org.dpcgan.eval.analysis;

import java.util.Locale;

/**
 * One coefficient of an analysis, fitted on the real and on the synthetic rows, and how well they agree.
 *
 * @param term {@code "(Intercept)"}, a numeric predictor's column name, or {@code "column=level"} for a
 *     categorical predictor's dummy (against the reference level)
 * @param real the estimate on the real rows
 * @param synthetic the estimate on the synthetic rows, or {@code null} when it is not estimable there (see
 *     {@code note})
 * @param ciOverlap {@link AnalysisMetrics#ciOverlap(Estimate, Estimate)}; NaN when not estimable
 * @param stdDifference {@link AnalysisMetrics#standardisedDifference}; NaN when not estimable
 * @param signAgrees both estimates have the same sign (false when not estimable)
 * @param significanceAgrees both are significant at 5%, or neither is (false when not estimable)
 * @param note why the synthetic estimate is missing, or {@code null}
 */
public record TermComparison(
    String term,
    Estimate real,
    Estimate synthetic,
    double ciOverlap,
    double stdDifference,
    boolean signAgrees,
    boolean significanceAgrees,
    String note) {
  public TermComparison {
    java.util.Objects.requireNonNull(term, "term");
    java.util.Objects.requireNonNull(real, "real");
  }

  /** Compares two estimates of one term. */
  public static TermComparison of(String term, Estimate real, Estimate synthetic) {
    return new TermComparison(
        term,
        real,
        synthetic,
        AnalysisMetrics.ciOverlap(real, synthetic),
        AnalysisMetrics.standardisedDifference(real.estimate(), real.standardError(), synthetic.estimate()),
        Math.signum(real.estimate()) == Math.signum(synthetic.estimate()),
        real.significant() == synthetic.significant(),
        null);
  }

  /** A term that could not be estimated on the synthetic rows, for the reason given. */
  public static TermComparison notEstimable(String term, Estimate real, String reason) {
    return new TermComparison(term, real, null, Double.NaN, Double.NaN, false, false, reason);
  }

  /** Whether the synthetic rows gave an estimate. */
  public boolean estimable() {
    return synthetic != null;
  }

  @Override
  public String toString() {
    return synthetic == null
        ? "TermComparison[" + term + ": not estimable on the synthetic rows (" + note + ")]"
        : String.format(
            Locale.ROOT, "TermComparison[%s: real %.4g, synthetic %.4g, CI overlap %.3f, std. difference %.3f]",
            term, real.estimate(), synthetic.estimate(), ciOverlap, stdDifference);
  }
}
