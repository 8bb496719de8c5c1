package org.dpcgan.cli;

/**
 * Checks of option values with the option's own name in the message ("--epsilon must be finite and > 0. Provided
 * value: -1"), so that a user reads the name they typed, not the library's.
 */
final class OptionChecks {
  private OptionChecks() {}

  /** A value that, when given, must be finite and &gt; 0. */
  static void finitePositive(String option, Double value) {
    if (value != null && !(Double.isFinite(value) && value > 0)) {
      throw new IllegalArgumentException(option + " must be finite and > 0. Provided value: " + value);
    }
  }

  /** A value that, when given, must lie strictly between 0 and 1. */
  static void openUnit(String option, Double value, String hint) {
    if (value != null && !(value > 0 && value < 1)) {
      throw new IllegalArgumentException(option + " must be in (0, 1)" + hint + ". Provided value: " + value);
    }
  }
}
