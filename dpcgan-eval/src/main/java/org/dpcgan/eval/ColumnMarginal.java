package org.dpcgan.eval;

import java.util.List;

/**
 * The real and synthetic distribution of one column, as shares of the non-missing values per bin or level.
 *
 * @param column the column name
 * @param kind its kind
 * @param labels bin ranges (numeric) or levels (categorical; rare levels merged into "(other)")
 * @param real real shares, one per label
 * @param synthetic synthetic shares, one per label
 */
public record ColumnMarginal(
    String column, EvalColumnKind kind, List<String> labels, double[] real, double[] synthetic) {
  public ColumnMarginal {
    labels = List.copyOf(labels);
    if (real.length != labels.size() || synthetic.length != labels.size()) {
      throw new IllegalArgumentException(
          "one share per label needed. Provided: "
              + labels.size()
              + " labels, "
              + real.length
              + " real, "
              + synthetic.length
              + " synthetic");
    }
  }

  @Override
  public String toString() {
    return "ColumnMarginal[" + column + ", " + labels.size() + " bins]";
  }
}
