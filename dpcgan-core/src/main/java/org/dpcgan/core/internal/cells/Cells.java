package org.dpcgan.core.internal.cells;

import java.util.Comparator;
import java.util.List;

/**
 * How a cell's text becomes a value, shared by the CSV reader, the schema and the transformer: strict numbers of at most
 * {@link #MAX_MAGNITUDE}, the order of levels, level lists in messages.
 */
public final class Cells {
  /**
   * The largest magnitude of a numeric value: the mixture fit squares values and sums the squares over the rows, which
   * stays finite in double for any table below about 1e100 rows of values up to this.
   */
  public static final double MAX_MAGNITUDE = 1e100;

  private Cells() {}

  /** Why a value above {@link #MAX_MAGNITUDE} is refused, and what to do. */
  public static String tooLarge(double v) {
    return "value " + v + " is too large for the data transformer's arithmetic (it squares values); allowed: a"
        + " magnitude up to 1e100. Rescale the column (e.g. to thousands) or declare it categorical";
  }

  /** The number in plain or scientific decimal notation (also NaN/Infinity), or null. */
  public static Double tryNumber(String s) {
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
  public static Long tryLong(String s) {
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

  public static double parseFiniteDouble(String s, String what) {
    Double d = tryNumber(s);
    if (d == null || !Double.isFinite(d)) {
      throw new IllegalArgumentException(what + " must be a finite number. Provided value: '" + s + "'");
    }
    return d;
  }

  /** Levels compare as numbers when both parse as numbers (numbers first), otherwise as strings. */
  public static final Comparator<String> LEVEL_ORDER = (a, b) -> {
    Double x = tryNumber(a);
    Double y = tryNumber(b);
    if (x != null && y != null) {
      int c = Double.compare(x, y);
      return c != 0 ? c : a.compareTo(b);
    }
    if (x != null) {
      return -1;
    }
    if (y != null) {
      return 1;
    }
    return a.compareTo(b);
  };

  /** A level list for a message: the first 50 and the count beyond. */
  public static String abbreviate(List<String> levels) {
    if (levels.size() <= 50) {
      return levels.toString();
    }
    return levels.subList(0, 50) + " … (" + levels.size() + " levels in all)";
  }
}
