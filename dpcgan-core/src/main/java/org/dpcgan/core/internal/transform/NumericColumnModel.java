package org.dpcgan.core.internal.transform;

import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;

/**
 * A continuous, integer or datetime column: its modes, whether it has a missing indicator, and declared
 * bounds (applied on decoding).
 *
 * @param name column name
 * @param kind {@link ColumnKind#CONTINUOUS}, {@link ColumnKind#INTEGER} or {@link ColumnKind#DATETIME}
 * @param mixture the modes (for datetime: of epoch seconds)
 * @param missingIndicator whether the encoding carries a present/missing indicator
 * @param lower declared lower bound or {@code null}
 * @param upper declared upper bound or {@code null}
 * @param format datetime pattern, {@code null} for other kinds
 */
public record NumericColumnModel(
    String name, ColumnKind kind, GaussianMixture mixture, boolean missingIndicator, Double lower, Double upper,
    String format) implements ColumnModel {

  public NumericColumnModel {
    if (kind == null || !kind.isNumeric()) {
      throw new IllegalArgumentException(
          "a numeric column model needs kind continuous, integer or datetime. Provided value: " + kind);
    }
    if (mixture == null) {
      throw new IllegalArgumentException("numeric column '" + name + "' needs a mixture");
    }
    // reuse ColumnSpec's validation of name, bounds and format
    ColumnSpec spec = new ColumnSpec(name, kind, java.util.List.of(), lower, upper, format);
    format = spec.format();
  }

  /** Number of modes. */
  public int modes() {
    return mixture.size();
  }

  @Override
  public String toString() {
    return name + ":" + kind.label() + " modes=" + mixture.size() + (missingIndicator ? " +missing" : "");
  }
}
