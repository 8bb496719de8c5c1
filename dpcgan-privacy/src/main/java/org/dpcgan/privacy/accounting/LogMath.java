package org.dpcgan.privacy.accounting;

/** Log-space arithmetic used by the accountant. All functions accept -∞ as log(0). */
final class LogMath {
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  /** From this |x| on erfc uses the continued fraction, below it the series for erf. */
  private static final double ERFC_FRACTION_FROM = 1.5;

  private LogMath() {}

  /** log(e^a + e^b). */
  static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (hi == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  /** log(e^a - e^b) for a &ge; b; -∞ when they are equal. */
  static double logSub(double a, double b) {
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    if (a < b) {
      throw new ArithmeticException("logSub of a smaller number: " + a + " < " + b);
    }
    if (a == b) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = b - a;
    // log(1 - e^d): log(-expm1(d)) near 0, log1p(-e^d) far from it.
    return a + (d > -0.6931471805599453 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
  }

  /** log(expm1(x)) for x &gt; 0, without overflow. */
  static double logExpm1(double x) {
    return x > 40 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
  }

  /**
   * log(erfc(x)) for every real x, to about 1e-13 relative precision of erfc, without underflow in the right
   * tail. Two classic expansions (Abramowitz and Stegun 7.1.6 and 7.1.14): for |x| &lt; 1.5 the series
   * erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1}/(1·3···(2n+1)) of positive terms; beyond, the continued fraction
   * erfc(x) = e^{−x²}/(√π (x + ½/(x + 1/(x + (3/2)/(x + …))))) evaluated by the modified Lentz method, whose
   * logarithm is taken analytically.
   */
  static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= ERFC_FRACTION_FROM) {
      return -x * x - LOG_SQRT_PI - Math.log(erfcContinuedFraction(x));
    }
    if (x <= -ERFC_FRACTION_FROM) {
      return Math.log(2 - Math.exp(-x * x - LOG_SQRT_PI) / erfcContinuedFraction(-x));
    }
    return Math.log1p(-erfSeries(x));
  }

  /** x + ½/(x + 1/(x + (3/2)/(x + …))) for x &ge; 1.5, converged to double precision. */
  private static double erfcContinuedFraction(double x) {
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 2000; n++) {
      double a = 0.5 * n;
      d = x + a * d;
      c = x + a / c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return f;
  }

  /** erf(x) for |x| &lt; 1.5 by the series of positive terms. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 0; n < 200; n++) {
      term *= 2 * x2 / (2 * n + 3);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
}
