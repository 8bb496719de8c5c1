package org.dpcgan.privacy.accounting;

import org.apache.commons.math3.special.Erf;

/** Log-space arithmetic used by the accountant. All functions accept -∞ as log(0). */
final class LogMath {
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  /** Beyond this argument the asymptotic series of log erfc is accurate to double precision. */
  private static final double ERFC_ASYMPTOTIC_FROM = 26.0;

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

  /** log(erfc(x)) for every real x, accurate in the far right tail where erfc underflows. */
  static double logErfc(double x) {
    if (x < 0) {
      return Math.log(2 - Erf.erfc(-x));
    }
    if (x < ERFC_ASYMPTOTIC_FROM) {
      return Math.log(Erf.erfc(x));
    }
    // erfc(x) = e^{-x²}/(x√π) · (1 - 1/(2x²) + 3/(2x²)² - 15/(2x²)³ + 105/(2x²)⁴ - 945/(2x²)⁵ + …)
    double t = 1 / (2 * x * x);
    double series = 1 - t * (1 - t * (3 - t * (15 - t * (105 - t * 945))));
    return -x * x - Math.log(x) - LOG_SQRT_PI + Math.log(series);
  }
}
