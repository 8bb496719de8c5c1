package org.dpcgan.privacy.accounting;

/** Argument checks with messages that say what is allowed and what was given. */
final class Checks {
  private Checks() {}

  static void finitePositive(String name, double value) {
    if (!(Double.isFinite(value) && value > 0)) {
      throw new IllegalArgumentException(name + " must be finite and > 0. Provided value: " + value);
    }
  }

  static void notNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  /** A sampling rate as a user gives it: q in (0, 1]. */
  static void samplingRate(String name, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1]. Provided value: " + q);
    }
  }

  /** δ in (0, 1). */
  static void delta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
    }
  }
}
