package org.dpcgan.eval.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dpcgan.eval.EvalColumnKind;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The values a column may take, as declared: the levels of a categorical column, the range of a numeric one.
 * Rules are validated against domains ({@link Rules#validate(List)}): a sampler passes the model's declared
 * schema; {@link #of(Table)} derives domains from a table (its levels, numeric ranges unbounded).
 *
 * @param name the column name
 * @param kind numeric or categorical
 * @param levels the categorical levels (distinct); empty for a numeric column
 * @param min the smallest numeric value (may be −∞); NaN for a categorical column
 * @param max the largest numeric value (may be +∞); NaN for a categorical column
 */
public record ColumnDomain(String name, EvalColumnKind kind, List<String> levels, double min, double max) {
  public ColumnDomain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    levels = List.copyOf(levels);
    if (kind == EvalColumnKind.CATEGORICAL) {
      if (new LinkedHashSet<>(levels).size() != levels.size()) {
        throw new IllegalArgumentException(
            "levels of categorical column '" + name + "' must be distinct. Provided value: " + levels);
      }
    } else if (!levels.isEmpty() || Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException(
          "numeric column '" + name + "' must have no levels and min <= max (not NaN). Provided value: levels "
              + levels + ", range [" + min + ", " + max + "]");
    }
  }

  /** A categorical column with the given levels. */
  public static ColumnDomain categorical(String name, List<String> levels) {
    return new ColumnDomain(name, EvalColumnKind.CATEGORICAL, levels, Double.NaN, Double.NaN);
  }

  /** A numeric column with any value. */
  public static ColumnDomain numeric(String name) {
    return numeric(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** A numeric column with values in [min, max]. */
  public static ColumnDomain numeric(String name, double min, double max) {
    return new ColumnDomain(name, EvalColumnKind.NUMERIC, List.of(), min, max);
  }

  /**
   * The domains of a table's columns: number columns are numeric with an unbounded range (a rule may rightly
   * exclude values the table happens not to hold), every other column categorical with its non-missing values
   * as levels, in order of first appearance.
   */
  public static List<ColumnDomain> of(Table table) {
    List<ColumnDomain> out = new ArrayList<>();
    for (Column<?> column : table.columns()) {
      if (EvalColumnKind.inferred(column) == EvalColumnKind.NUMERIC) {
        out.add(numeric(column.name()));
      } else {
        LinkedHashSet<String> levels = new LinkedHashSet<>();
        for (int i = 0; i < column.size(); i++) {
          if (!column.isMissing(i)) {
            levels.add(column.getUnformattedString(i));
          }
        }
        out.add(categorical(column.name(), new ArrayList<>(levels)));
      }
    }
    return out;
  }

  /** Whether a table column is numeric (a tablesaw number column). */
  static boolean isNumeric(Column<?> column) {
    return column instanceof NumericColumn<?> && EvalColumnKind.inferred(column) == EvalColumnKind.NUMERIC;
  }

  @Override
  public String toString() {
    return kind == EvalColumnKind.NUMERIC
        ? String.format(Locale.ROOT, "ColumnDomain[%s: numeric in [%s, %s]]", name, min, max)
        : "ColumnDomain[" + name + ": " + levels.size() + " levels]";
  }
}
