package org.dpcgan.cli;

import java.math.BigDecimal;

/**
 * A point of a sweep's grid: DP fits at a finite ε, or the non-private fit, whose ε is +∞ (it bounds nothing).
 *
 * @param epsilon the target ε, finite and &gt; 0, or +∞ for the non-private point
 */
record SweepPoint(double epsilon) {
  /** The non-private CTGAN fit: no guarantee. */
  static final SweepPoint NO_DP = new SweepPoint(Double.POSITIVE_INFINITY);

  SweepPoint {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("a sweep point's epsilon must be > 0 (+∞ for no DP). Provided value: "
          + epsilon);
    }
  }

  /** DP fits at {@code epsilon}. */
  static SweepPoint dp(double epsilon) {
    if (Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
    }
    return new SweepPoint(epsilon);
  }

  /** Whether the fits are differentially private. */
  boolean dp() {
    return Double.isFinite(epsilon);
  }

  /** "ε=0.5", or "no DP". */
  String label() {
    return dp() ? "ε=" + plain(epsilon) : "no DP";
  }

  /** The stem of its run files: "eps-0.5", or "no-dp". */
  String fileStem() {
    return dp() ? "eps-" + plain(epsilon) : "no-dp";
  }

  /** ε without trailing zeros: 1, 0.5, 10. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return "SweepPoint[" + label() + "]";
  }
}
