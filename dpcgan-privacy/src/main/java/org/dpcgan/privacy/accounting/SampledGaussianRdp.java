package org.dpcgan.privacy.accounting;

/**
 * Rényi DP of the Poisson-subsampled Gaussian mechanism, after Mironov, Talwar and Zhang, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism" (2019), §3.3.
 *
 * <p>RDP(α) = log(A_α) / (α − 1) with A_α = E_{z∼N(0,σ²)}[((1 − q) + q·e^{(2z−1)/(2σ²)})^α].
 *
 * <ul>
 *   <li>Integer α: A_α − 1 = Σ_{i≥2} C(α,i) q^i (1−q)^{α−i} (e^{(i²−i)/(2σ²)} − 1), a sum of positive terms
 *       (the terms i = 0, 1 cancel the 1 exactly), added in log space; so RDP stays exact to relative
 *       precision even for q = 10⁻⁶ where A_α − 1 ≈ 10⁻¹².
 *   <li>Fractional α: the paper's two-sided series (split at z₀ = σ² log(1/q − 1) + ½) with its exact,
 *       alternating signs — not the upper bound that sums absolute values. Positive and negative terms are
 *       accumulated separately in log space and subtracted once.
 * </ul>
 */
final class SampledGaussianRdp {
  private static final double LOG_HALF = Math.log(0.5);
  /**
   * Once its signs alternate (i &gt; α + 1), the series stops at the first term below e^-30 (≈ 1e-13 of
   * A_α ≥ 1, TensorFlow Privacy's rule) and below e^-20 of the current A_α − 1 (so that tiny RDP values
   * keep their relative precision; never below e^-60). Half of that last term is then taken back — the
   * average of two consecutive partial sums of an alternating series — leaving an error of about
   * |t_i|·(α+2)/(2i).
   */
  private static final double STOP_LOG_TERM = -30;
  private static final double STOP_BELOW_DEVIATION = -20;
  private static final double STOP_FLOOR = -60;
  private static final int MAX_SERIES_TERMS = 50_000_000;

  private SampledGaussianRdp() {}

  /** RDP at order α of the Poisson-subsampled Gaussian; validated arguments, q in [0, 1]. */
  static double rdp(double q, double sigma, double alpha) {
    if (q == 0) {
      return 0;
    }
    if (q == 1) {
      return alpha / (2 * sigma * sigma);
    }
    double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (long) alpha) : logAFractional(q, sigma, alpha);
    return Math.max(0, logA) / (alpha - 1);
  }

  /** log A_α for integer α, through log(A_α − 1) summed over positive terms only. */
  static double logAInteger(double q, double sigma, long alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double logCoef = Math.log(alpha) + Math.log(alpha - 1) - Math.log(2); // log C(α, 2)
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0; // Σ exp(term − max)
    for (long i = 2; i <= alpha; i++) {
      double di = i;
      double term = logCoef + di * logQ + (alpha - di) * log1mQ + LogMath.logExpm1((di * di - di) / twoSigma2);
      if (term > max) {
        sum = sum * Math.exp(max - term) + 1;
        max = term;
      } else {
        sum += Math.exp(term - max);
      }
      logCoef += Math.log(alpha - di) - Math.log(di + 1);
    }
    double logAm1 = max + Math.log(sum);
    return logAm1 <= 0 ? Math.log1p(Math.exp(logAm1)) : logAm1 + Math.log1p(Math.exp(-logAm1));
  }

  /** log A_α for fractional α by the two-sided series of Mironov, Talwar and Zhang (2019). */
  static double logAFractional(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double sigma2 = sigma * sigma;
    double z0 = sigma2 * (log1mQ - logQ) + 0.5;
    double sqrt2Sigma = Math.sqrt(2) * sigma;
    double positive = Double.NEGATIVE_INFINITY;
    double negative = Double.NEGATIVE_INFINITY;
    double logAbsCoef = 0; // log |C(α, i)|
    boolean coefPositive = true;
    for (int i = 0; i < MAX_SERIES_TERMS; i++) {
      double j = alpha - i;
      double logT0 = logAbsCoef + i * logQ + j * log1mQ;
      double logT1 = logAbsCoef + j * logQ + i * log1mQ;
      double logE0 = LOG_HALF + LogMath.logErfc((i - z0) / sqrt2Sigma);
      double logE1 = LOG_HALF + LogMath.logErfc((z0 - j) / sqrt2Sigma);
      double logS0 = logT0 + ((double) i * i - i) / (2 * sigma2) + logE0;
      double logS1 = logT1 + (j * j - j) / (2 * sigma2) + logE1;
      double term = LogMath.logAdd(logS0, logS1);
      if (coefPositive) {
        positive = LogMath.logAdd(positive, term);
      } else {
        negative = LogMath.logAdd(negative, term);
      }
      double logTerm = Math.max(logS0, logS1);
      if (i > alpha + 1 && logTerm < STOP_LOG_TERM && logTerm < stopLevel(positive, negative)) {
        if (coefPositive) {
          negative = LogMath.logAdd(negative, term + LOG_HALF);
        } else {
          positive = LogMath.logAdd(positive, term + LOG_HALF);
        }
        return LogMath.logSub(positive, negative);
      }
      logAbsCoef += Math.log(Math.abs(alpha - i)) - Math.log(i + 1.0);
      if (alpha - i < 0) {
        coefPositive = !coefPositive;
      }
    }
    throw new ArithmeticException(
        "RDP series did not converge for q=" + q + ", sigma=" + sigma + ", order=" + alpha);
  }

  /** max(e^-60, min(e^-30, e^-20·(A − 1))) in log space, for the current partial sums. */
  private static double stopLevel(double positive, double negative) {
    double logA = LogMath.logSub(positive, negative);
    double logAm1 = logA > 0 ? LogMath.logSub(logA, 0) : Double.NEGATIVE_INFINITY;
    return Math.max(STOP_FLOOR, Math.min(STOP_LOG_TERM, logAm1 + STOP_BELOW_DEVIATION));
  }
}
