package org.dpcgan.eval.internal.fidelity;

import java.util.Arrays;
import org.dpcgan.eval.fidelity.CorrelationMethod;

/**
 * The metric formulas, on plain arrays. Definitions follow SDMetrics (DataCebo): KSComplement = 1 − D where
 * D is the two-sample Kolmogorov–Smirnov statistic sup|F_r − F_s|; TVComplement = 1 − ½ Σ_c |p_r(c) − p_s(c)|;
 * CorrelationSimilarity = 1 − |ρ_r − ρ_s| / 2; ContingencySimilarity = 1 − ½ Σ_{a,b} |p_r(a,b) − p_s(a,b)|.
 * Missing values (NaN, or code −1) are left out: singly for column metrics, pairwise for pair metrics.
 */
public final class FidelityMetrics {
  /** Number of equal-width bins for numeric columns in ContingencySimilarity (SDMetrics' default). */
  public static final int CONTINGENCY_BINS = 10;

  private FidelityMetrics() {}

  /**
   * 1 − the two-sample Kolmogorov–Smirnov statistic over the non-missing values.
   *
   * @throws IllegalArgumentException if either array has no non-missing value
   */
  public static double ksComplement(double[] real, double[] synthetic) {
    double[] r = sortedPresent(real, "real");
    double[] s = sortedPresent(synthetic, "synthetic");
    int i = 0;
    int k = 0;
    double d = 0.0;
    while (i < r.length && k < s.length) {
      double x = Math.min(r[i], s[k]);
      while (i < r.length && r[i] == x) {
        i++;
      }
      while (k < s.length && s[k] == x) {
        k++;
      }
      d = Math.max(d, Math.abs((double) i / r.length - (double) k / s.length));
    }
    return 1.0 - d;
  }

  /**
   * 1 − the total variation distance between the level frequencies of the non-missing codes.
   *
   * @param levels the number of levels; codes are in [0, levels) or −1 (missing)
   */
  public static double tvComplement(int[] real, int[] synthetic, int levels) {
    double[] p = frequencies(real, levels, "real");
    double[] q = frequencies(synthetic, levels, "synthetic");
    double tv = 0.0;
    for (int c = 0; c < levels; c++) {
      tv += Math.abs(p[c] - q[c]);
    }
    return 1.0 - 0.5 * tv;
  }

  /**
   * SDMetrics' MissingValueSimilarity: 1 − |m_real − m_synthetic| for the shares of missing cells in a column.
   *
   * @param realMissing missing cells of the real column, of {@code realRows}
   * @param syntheticMissing missing cells of the synthetic column, of {@code syntheticRows}
   */
  public static double missingValueSimilarity(int realMissing, int realRows, int syntheticMissing,
      int syntheticRows) {
    return 1.0 - Math.abs((double) realMissing / realRows - (double) syntheticMissing / syntheticRows);
  }

  /**
   * 1 − |ρ_real − ρ_synthetic| / 2 over pairwise-complete rows; NaN when a correlation is undefined (fewer
   * than two complete rows, or a constant column).
   */
  public static double correlationSimilarity(
      double[] realA, double[] realB, double[] synA, double[] synB, CorrelationMethod method) {
    double r = correlation(realA, realB, method);
    double s = correlation(synA, synB, method);
    return 1.0 - Math.abs(r - s) / 2.0;
  }

  /** The correlation of two columns over the rows where both are present; NaN when undefined. */
  public static double correlation(double[] a, double[] b, CorrelationMethod method) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "correlation needs two columns of equal length. Provided: " + a.length + " and " + b.length);
    }
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        n++;
      }
    }
    double[] x = new double[n];
    double[] y = new double[n];
    n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        x[n] = a[i];
        y[n] = b[i];
        n++;
      }
    }
    if (method == CorrelationMethod.SPEARMAN) {
      x = midRanks(x);
      y = midRanks(y);
    }
    return pearson(x, y);
  }

  private static double pearson(double[] x, double[] y) {
    int n = x.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mx = 0.0;
    double my = 0.0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx == 0.0 || syy == 0.0) {
      return Double.NaN;
    }
    return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
  }

  /** Ranks 1..n, ties sharing the mean of their ranks. */
  public static double[] midRanks(double[] x) {
    int n = x.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1.0;
      for (int t = i; t <= j; t++) {
        ranks[order[t]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }

  /**
   * 1 − the total variation distance between the joint frequencies of two categorical columns, over the rows
   * where both are present. Numeric columns are first turned into codes with {@link #bin}.
   */
  public static double contingencySimilarity(
      int[] realA, int[] realB, int[] synA, int[] synB, int levelsA, int levelsB) {
    return jointSimilarity(new int[][] {realA, realB}, new int[][] {synA, synB}, new int[] {levelsA, levelsB});
  }

  /**
   * 1 − ½ Σ ∣p_real(cell) − p_syn(cell)∣ over the joint table of any number of coded columns ({@code real[k]},
   * {@code synthetic[k]} with {@code levels[k]} codes, negative for missing), over the rows where every column
   * is present: ContingencySimilarity for two columns, the three-way marginal's similarity for three. NaN when a
   * table has no such row.
   */
  public static double jointSimilarity(int[][] real, int[][] synthetic, int[] levels) {
    long[] p = sortedCells(real, levels);
    long[] q = sortedCells(synthetic, levels);
    if (p.length == 0 || q.length == 0) {
      return Double.NaN;
    }
    // Only the cells a table occupies, in increasing order: a wide joint table (three columns of a thousand levels)
    // is never allocated, and the sum runs in the order of a dense one, which adds nothing for the empty cells.
    double tv = 0.0;
    int i = 0;
    int j = 0;
    while (i < p.length || j < q.length) {
      long cell = j == q.length || (i < p.length && p[i] < q[j]) ? p[i] : q[j];
      int inP = 0;
      while (i < p.length && p[i] == cell) {
        inP++;
        i++;
      }
      int inQ = 0;
      while (j < q.length && q[j] == cell) {
        inQ++;
        j++;
      }
      tv += Math.abs((double) inP / p.length - (double) inQ / q.length);
    }
    return 1.0 - 0.5 * tv;
  }

  /**
   * Bin codes of numeric values: {@code bins} equal-width bins over [min, max] (the real range, as numpy's
   * {@code histogram_bin_edges}); the last bin is closed; values outside the range go to the edge bins; NaN
   * becomes −1. A constant column (min = max) puts every value in bin 0.
   */
  public static int[] bin(double[] values, double min, double max, int bins) {
    int[] out = new int[values.length];
    double width = (max - min) / bins;
    for (int i = 0; i < values.length; i++) {
      double x = values[i];
      if (Double.isNaN(x)) {
        out[i] = -1;
      } else if (width <= 0.0) {
        out[i] = 0;
      } else {
        int b = (int) Math.floor((x - min) / width);
        out[i] = Math.max(0, Math.min(bins - 1, b));
      }
    }
    return out;
  }

  /** Each row's cell of the joint table of {@code columns} (rows with a missing code left out), sorted. */
  private static long[] sortedCells(int[][] columns, int[] levels) {
    int rows = columns[0].length;
    for (int[] column : columns) {
      if (column.length != rows) {
        throw new IllegalArgumentException("a joint table needs columns of equal length. Provided: " + rows + " and "
            + column.length);
      }
    }
    long[] cells = new long[rows];
    int n = 0;
    nextRow:
    for (int i = 0; i < rows; i++) {
      long cell = 0;
      for (int k = 0; k < columns.length; k++) {
        if (columns[k][i] < 0) {
          continue nextRow;
        }
        cell = Math.addExact(Math.multiplyExact(cell, levels[k]), columns[k][i]);
      }
      cells[n++] = cell;
    }
    long[] present = Arrays.copyOf(cells, n);
    Arrays.sort(present);
    return present;
  }

  private static double[] frequencies(int[] codes, int levels, String role) {
    double[] p = new double[levels];
    int n = 0;
    for (int c : codes) {
      if (c >= 0) {
        p[c]++;
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("the " + role + " column has no non-missing value");
    }
    for (int c = 0; c < levels; c++) {
      p[c] /= n;
    }
    return p;
  }

  private static double[] sortedPresent(double[] values, String role) {
    double[] out = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    if (out.length == 0) {
      throw new IllegalArgumentException("the " + role + " column has no non-missing value");
    }
    Arrays.sort(out);
    return out;
  }
}
