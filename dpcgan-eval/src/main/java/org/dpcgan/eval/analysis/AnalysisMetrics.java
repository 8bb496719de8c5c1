package org.dpcgan.eval.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How far a coefficient fitted on the synthetic table is from the one fitted on the real table: interval
 * overlap (Karr, Kohnen, Oganian, Reiter and Sanil 2006, "A framework for evaluating the utility of data altered
 * to protect confidentiality", The American Statistician 60(3)) and standardised difference (synthpop's
 * {@code compare.fit.synds}, "Std. coef diff"; Nowok, Raab and Dibben 2016, J. Stat. Softw. 74(11)).
 */
final class AnalysisMetrics {
  /** Φ⁻¹(0.975) ≈ 1.959964: half-width of a 95% Wald interval in standard errors. */
  static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

  private AnalysisMetrics() {}

  /**
   * Karr et al.'s interval overlap ½·[(U − L)/(u_r − l_r) + (U − L)/(u_s − l_s)] with L = max(l_r, l_s) and
   * U = min(u_r, u_s): 1 for identical intervals, 0 for touching ones, negative (by how far they are apart,
   * relative to their widths) for disjoint ones, as synthpop's {@code overlap.CI}. NaN if an interval has no
   * width or is not finite.
   */
  static double ciOverlap(double realLow, double realHigh, double synLow, double synHigh) {
    double low = Math.max(realLow, synLow);
    double high = Math.min(realHigh, synHigh);
    double realWidth = realHigh - realLow;
    double synWidth = synHigh - synLow;
    if (!(realWidth > 0.0 && synWidth > 0.0) || Double.isInfinite(realWidth) || Double.isInfinite(synWidth)) {
      return Double.NaN;
    }
    return 0.5 * ((high - low) / realWidth + (high - low) / synWidth);
  }

  /** {@link #ciOverlap(double, double, double, double)} of two estimates' 95% intervals. */
  static double ciOverlap(Estimate real, Estimate synthetic) {
    return ciOverlap(real.ciLow(), real.ciHigh(), synthetic.ciLow(), synthetic.ciHigh());
  }

  /**
   * |β_s − β_r| / se_r: the distance between the estimates in real standard errors (the absolute value of
   * synthpop's "Std. coef diff"). NaN when se_r is 0 or not finite.
   */
  static double standardisedDifference(double realEstimate, double realSe, double synEstimate) {
    if (!(realSe > 0.0) || Double.isInfinite(realSe)) {
      return Double.NaN;
    }
    return Math.abs(synEstimate - realEstimate) / realSe;
  }
}
