package org.dpcgan.core.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.cells.DateTimes;

/**
 * One column of a {@link Schema}: its name, kind and the metadata the user declares public.
 *
 * <p>Declared {@code levels} (discrete kinds), declared bounds (numeric kinds) and a declared absence of missing
 * values are <em>public metadata</em> (DESIGN.md §4): the transformer uses them as given instead of reading them
 * from the data, so they cost no privacy budget; declaring them is the user's responsibility.
 *
 * @param name column name as in the table header
 * @param kind how the column is encoded
 * @param levels declared levels (in order for ordinal columns); empty when not declared
 * @param lower declared lower bound for numeric kinds, or {@code null}
 * @param upper declared upper bound for numeric kinds, or {@code null}
 * @param format {@link java.time.format.DateTimeFormatter} pattern of a datetime column, else {@code null}
 * @param complete declared without missing values (a sidecar's {@code missing} of 0): a fit refuses a table with a
 *     missing cell in the column, and the model never generates one there (a DP fit would otherwise give every
 *     column a noisy missing share, as whether a column has missing values is itself private)
 */
public record ColumnSpec(String name, ColumnKind kind, List<String> levels, Double lower, Double upper, String format,
    boolean complete) implements java.io.Serializable {

  /** The pattern a datetime column gets when none is declared. */
  public static final String DEFAULT_DATETIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss";

  public ColumnSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("column name must be non-blank. Provided value: '" + name + "'");
    }
    Objects.requireNonNull(kind, "kind");
    levels = levels == null ? List.of() : List.copyOf(levels);
    if (!levels.isEmpty() && !kind.isDiscrete()) {
      throw new IllegalArgumentException(
          "levels can only be declared for categorical, ordinal or boolean columns; column '" + name + "' is "
              + kind.label());
    }
    var seen = new HashSet<String>();
    for (String level : levels) {
      if (level == null || level.isEmpty()) {
        throw new IllegalArgumentException(
            "levels of column '" + name + "' must be non-empty strings (an empty field means missing)");
      }
      if (!seen.add(level)) {
        throw new IllegalArgumentException("levels of column '" + name + "' must be distinct; '" + level + "' repeats");
      }
    }
    if (kind == ColumnKind.BOOLEAN && !levels.isEmpty() && !levels.equals(List.of("false", "true"))) {
      throw new IllegalArgumentException(
          "a boolean column has the levels [false, true]; column '" + name + "' declares " + levels);
    }
    if ((lower != null || upper != null) && !(kind == ColumnKind.CONTINUOUS || kind == ColumnKind.INTEGER)) {
      throw new IllegalArgumentException(
          "bounds can only be declared for continuous or integer columns; column '" + name + "' is " + kind.label());
    }
    checkFinite(name, "lower", lower);
    checkFinite(name, "upper", upper);
    if (lower != null && upper != null && lower > upper) {
      throw new IllegalArgumentException(
          "bounds of column '" + name + "' must satisfy lower <= upper. Provided values: " + lower + " > " + upper);
    }
    if (kind == ColumnKind.DATETIME) {
      format = format == null || format.isBlank() ? DEFAULT_DATETIME_FORMAT : format;
      DateTimes.formatter(name, format); // validates the pattern
    } else if (format != null) {
      throw new IllegalArgumentException(
          "a format can only be declared for datetime columns; column '" + name + "' is " + kind.label());
    }
  }

  /** A column whose missing values are not declared either way. */
  public ColumnSpec(String name, ColumnKind kind, List<String> levels, Double lower, Double upper, String format) {
    this(name, kind, levels, lower, upper, format, false);
  }

  /** This column, declared {@code complete} (without missing values) or not. */
  public ColumnSpec withComplete(boolean value) {
    return new ColumnSpec(name, kind, levels, lower, upper, format, value);
  }

  private static void checkFinite(String name, String what, Double v) {
    if (v != null && !(Math.abs(v) <= Cells.MAX_MAGNITUDE)) {
      throw new IllegalArgumentException(
          what + " bound of column '" + name + "' must be finite and of magnitude at most 1e100. Provided value: " + v);
    }
  }

  /** A column without declared metadata. */
  public static ColumnSpec of(String name, ColumnKind kind) {
    return new ColumnSpec(name, kind, List.of(), null, null, null);
  }

  /** True when levels are declared (public metadata). */
  public boolean hasDeclaredLevels() {
    return !levels.isEmpty();
  }

  /**
   * The levels known without reading a row: false and true for a boolean column, the declared levels of another
   * (empty when it declares none).
   */
  public List<String> knownLevels() {
    return kind == ColumnKind.BOOLEAN ? List.of("false", "true") : levels;
  }

  /** True when both bounds are declared (public metadata). */
  public boolean hasDeclaredBounds() {
    return lower != null && upper != null;
  }

  @Override
  public String toString() {
    var sb = new StringBuilder(name).append(':').append(kind.label());
    if (!levels.isEmpty()) {
      sb.append(" levels=").append(levels.size());
    }
    if (lower != null || upper != null) {
      sb.append(" [").append(lower == null ? "" : fmt(lower)).append(", ").append(upper == null ? "" : fmt(upper)).append(']');
    }
    if (format != null) {
      sb.append(" format=").append(format);
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
