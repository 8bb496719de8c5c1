package org.dpcgan.eval.analysis;

import java.util.Locale;

/**
 * One coefficient as fitted on one table, with its Wald 95% interval β ± z·se, z = Φ⁻¹(0.975) (the normal
 * quantile for linear and logistic fits alike, as synthpop's {@code compare.fit.synds}).
 *
 * @param estimate the coefficient β
 * @param standardError its standard error
 * @param ciLow lower end of the 95% interval
 * @param ciHigh upper end of the 95% interval
 */
public record Estimate(double estimate, double standardError, double ciLow, double ciHigh) {
  /** The Wald interval of {@code estimate} with standard error {@code standardError}. */
  public static Estimate wald(double estimate, double standardError) {
    double half = AnalysisMetrics.Z_975 * standardError;
    return new Estimate(estimate, standardError, estimate - half, estimate + half);
  }

  /** Whether the coefficient differs from 0 at the 5% level (two-sided Wald test: the interval excludes 0). */
  public boolean significant() {
    return Math.abs(estimate) > AnalysisMetrics.Z_975 * standardError;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.4g (se %.3g) [%.4g, %.4g]", estimate, standardError, ciLow, ciHigh);
  }
}
