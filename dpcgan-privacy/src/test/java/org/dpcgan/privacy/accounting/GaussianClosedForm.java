package org.dpcgan.privacy.accounting;

/**
 * The exact (ε, δ) curve of the Gaussian mechanism with μ = sensitivity/σ (Balle and Wang, "Improving the
 * Gaussian mechanism for differential privacy", ICML 2018, Theorem 8):
 * δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2). T compositions of Gaussians with σ_i are one Gaussian with
 * μ² = Σ 1/σ_i². Computed in log space with {@link LogMath}; checked against mpmath in
 * {@code PldAccountantReferenceTest}.
 */
final class GaussianClosedForm {
  private static final double LOG_HALF = Math.log(0.5);
  private static final double SQRT_HALF = Math.sqrt(0.5);

  private GaussianClosedForm() {}

  /** log Φ(x). */
  private static double logPhi(double x) {
    return LOG_HALF + LogMath.logErfc(-x * SQRT_HALF);
  }

  /** δ(ε) of the Gaussian mechanism with parameter μ. */
  static double delta(double epsilon, double mu) {
    double a = logPhi(-epsilon / mu + mu / 2);
    double b = epsilon + logPhi(-epsilon / mu - mu / 2);
    return a <= b ? 0 : Math.exp(LogMath.logSub(a, b));
  }

  /** The smallest ε &ge; 0 with δ(ε) &le; delta, by bisection to double precision. */
  static double epsilon(double delta, double mu) {
    if (delta(0, mu) <= delta) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (delta(hi, mu) > delta) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(mid, mu) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
