package org.dpcgan.core.data;

/** Strict parsing of cell text. */
final class Cells {
  /**
   * The largest magnitude of a numeric value: the mixture fit squares values and sums the squares over the rows, which
   * stays finite in double for any table below about 1e100 rows of values up to this.
   */
  static final double MAX_MAGNITUDE = 1e100;

  private Cells() {}

  /** Why a value above {@link #MAX_MAGNITUDE} is refused, and what to do. */
  static String tooLarge(double v) {
    return "value " + v + " is too large for the data transformer's arithmetic (it squares values); allowed: a"
        + " magnitude up to 1e100. Rescale the column (e.g. to thousands) or declare it categorical";
  }

  /** The number in plain or scientific decimal notation (also NaN/Infinity), or null. */
  static Double tryNumber(String s) {
    if (s.isEmpty()) {
      return null;
    }
    char last = s.charAt(s.length() - 1);
    boolean special = s.equalsIgnoreCase("NaN") || s.equals("Infinity") || s.equals("+Infinity") || s.equals("-Infinity") || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("-inf")
        || s.equalsIgnoreCase("+inf");
    if (special) {
      return s.equalsIgnoreCase("NaN") ? Double.NaN : s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!(Character.isDigit(last) || last == '.')) {
      return null; // rejects Java suffixes such as 1d, 2f and hexadecimal
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return null;
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The integer value of plain integer text (an integral decimal such as 40.0 also counts), or null. */
  static Long tryLong(String s) {
    int n = s.length();
    if (n == 0 || n > 19) {
      Double d = n == 0 ? null : tryNumber(s);
      return d != null && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) (double) d : null;
    }
    int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (i == n) {
      return null;
    }
    boolean digits = true;
    for (int j = i; j < n; j++) {
      if (!Character.isDigit(s.charAt(j))) {
        digits = false;
        break;
      }
    }
    if (digits) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Double d = tryNumber(s);
    return d != null && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) (double) d : null;
  }

  static double parseFiniteDouble(String s, String what) {
    Double d = tryNumber(s);
    if (d == null || !Double.isFinite(d)) {
      throw new IllegalArgumentException(what + " must be a finite number. Provided value: '" + s + "'");
    }
    return d;
  }
}
