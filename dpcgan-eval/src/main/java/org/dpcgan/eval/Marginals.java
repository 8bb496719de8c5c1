package org.dpcgan.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.internal.fidelity.FidelityMetrics;

/** Computes the per-column marginals shown in the HTML report. */
final class Marginals {
  /** Equal-width bins of a numeric column's histogram (over the real range). */
  static final int NUMERIC_BINS = 20;
  /** Most frequent real levels shown; the rest are merged into "(other)". */
  static final int MAX_LEVELS = 15;

  private Marginals() {}

  /** One marginal per column, in column order. */
  static List<ColumnMarginal> of(EncodedTables tables) {
    List<ColumnMarginal> out = new ArrayList<>();
    for (int j = 0; j < tables.columnCount(); j++) {
      String name = tables.names().get(j);
      if (tables.kind(j) == EvalColumnKind.NUMERIC) {
        double min = tables.min(j);
        double max = tables.max(j);
        double[] r = shares(FidelityMetrics.bin(tables.real().values(j), min, max, NUMERIC_BINS), NUMERIC_BINS);
        double[] s =
            shares(FidelityMetrics.bin(tables.synthetic().values(j), min, max, NUMERIC_BINS), NUMERIC_BINS);
        List<String> labels = new ArrayList<>();
        double width = (max - min) / NUMERIC_BINS;
        for (int b = 0; b < NUMERIC_BINS; b++) {
          labels.add(format(min + b * width));
        }
        out.add(new ColumnMarginal(name, EvalColumnKind.NUMERIC, labels, r, s));
      } else {
        List<String> levels = tables.levels(j);
        double[] r = shares(tables.real().codes(j), levels.size());
        double[] s = shares(tables.synthetic().codes(j), levels.size());
        Integer[] order = new Integer[levels.size()];
        for (int c = 0; c < order.length; c++) {
          order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(r[b] + 1e-9 * s[b], r[a] + 1e-9 * s[a]));
        int shown = Math.min(MAX_LEVELS, order.length);
        boolean other = order.length > shown;
        int size = shown + (other ? 1 : 0);
        double[] rs = new double[size];
        double[] ss = new double[size];
        List<String> labels = new ArrayList<>();
        for (int t = 0; t < order.length; t++) {
          int slot = Math.min(t, shown);
          rs[slot] += r[order[t]];
          ss[slot] += s[order[t]];
          if (t < shown) {
            labels.add(levels.get(order[t]));
          }
        }
        if (other) {
          labels.add("(other)");
        }
        out.add(new ColumnMarginal(name, EvalColumnKind.CATEGORICAL, labels, rs, ss));
      }
    }
    return out;
  }

  private static double[] shares(int[] codes, int size) {
    double[] out = new double[size];
    int n = 0;
    for (int c : codes) {
      if (c >= 0) {
        out[c]++;
        n++;
      }
    }
    for (int c = 0; c < size && n > 0; c++) {
      out[c] /= n;
    }
    return out;
  }

  private static String format(double x) {
    return Math.abs(x) >= 1000 || x == Math.rint(x)
        ? String.format(Locale.ROOT, "%.0f", x)
        : String.format(Locale.ROOT, "%.3g", x);
  }
}
