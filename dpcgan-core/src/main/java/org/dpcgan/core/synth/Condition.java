package org.dpcgan.core.synth;

/**
 * A sampling condition {@code column = value} on a discrete column; the empty string names the missing level.
 *
 * @param column a discrete column of the model
 * @param value one of the column's levels, or {@code ""} for missing
 */
public record Condition(String column, String value) {
  public Condition {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("condition column must be a non-blank name. Provided value: "
          + (column == null ? "null" : "'" + column + "'"));
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "condition value must be a level or \"\" for missing. Provided value: null (column '" + column + "')");
    }
  }

  /** The condition {@code column = value}. */
  public static Condition of(String column, String value) {
    return new Condition(column, value);
  }

  @Override
  public String toString() {
    return column + "=" + value;
  }
}
