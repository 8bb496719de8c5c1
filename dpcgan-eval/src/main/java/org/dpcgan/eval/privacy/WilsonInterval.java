package org.dpcgan.eval.privacy;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22): with p̂ = s/n and z the normal quantile,
 * {@code (p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)}.
 */
final class WilsonInterval {
  /** z for a two-sided 95% interval. */
  static final double Z95 = 1.959963984540054;

  private WilsonInterval() {}

  /**
   * The interval {lo, hi} for {@code successes} out of {@code trials}.
   *
   * @throws IllegalArgumentException unless 0 ≤ successes ≤ trials, trials ≥ 1 and z is finite and > 0
   */
  static double[] of(int successes, int trials, double z) {
    if (trials < 1 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "need 0 <= successes <= trials and trials >= 1. Provided: successes="
              + successes
              + ", trials="
              + trials);
    }
    if (!(z > 0.0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("z must be finite and > 0. Provided value: " + z);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1.0 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
  }
}
