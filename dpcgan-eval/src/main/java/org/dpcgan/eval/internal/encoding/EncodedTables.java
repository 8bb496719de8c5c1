package org.dpcgan.eval.internal.encoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dpcgan.eval.EvalColumnKind;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The real, synthetic and (optional) holdout tables in one shared encoding, checked for agreement.
 *
 * <p>Column kinds come from the real table's tablesaw types (string, text and boolean: categorical; numbers:
 * numeric) unless overridden. Categorical levels are coded over the union of the three tables (in order of
 * first appearance: real, then synthetic, then holdout), so a code means the same level in each. Numeric
 * ranges ({@link #min(int)}, {@link #max(int)}) are those of the real table's non-missing values; every
 * range-normalised distance uses them.
 */
public final class EncodedTables {
  private final List<String> names;
  private final List<EvalColumnKind> kinds;
  private final List<List<String>> levels;
  private final double[] min;
  private final double[] max;
  private final EncodedTable real;
  private final EncodedTable synthetic;
  private final EncodedTable holdout;

  private EncodedTables(
      List<String> names,
      List<EvalColumnKind> kinds,
      List<List<String>> levels,
      double[] min,
      double[] max,
      EncodedTable real,
      EncodedTable synthetic,
      EncodedTable holdout) {
    this.names = names;
    this.kinds = kinds;
    this.levels = levels;
    this.min = min;
    this.max = max;
    this.real = real;
    this.synthetic = synthetic;
    this.holdout = holdout;
  }

  /**
   * Checks and encodes the tables.
   *
   * @param real the real (training) table; not empty
   * @param synthetic the synthetic table, with the same column names (any order) and kinds; not empty
   * @param holdout real rows the generator never saw, same columns; may be {@code null}
   * @param kindOverrides kinds that replace the inferred ones, by column name; every name must exist
   * @throws IllegalArgumentException if a table is empty, the columns or kinds differ, an override names an
   *     unknown column, or a column has no non-missing value in the real table (a synthetic column may be all
   *     missing: that is a finding about it, scored 0 by the fidelity report)
   */
  public static EncodedTables encode(
      Table real, Table synthetic, Table holdout, Map<String, EvalColumnKind> kindOverrides) {
    Objects.requireNonNull(real, "real table must not be null");
    Objects.requireNonNull(synthetic, "synthetic table must not be null");
    Objects.requireNonNull(kindOverrides, "kindOverrides");
    checkNotEmpty(real, "real");
    checkNotEmpty(synthetic, "synthetic");
    if (holdout != null) {
      checkNotEmpty(holdout, "holdout");
    }
    List<String> names = real.columnNames();
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("real table has duplicate column names: " + names);
    }
    checkSameColumns(names, synthetic, "synthetic");
    if (holdout != null) {
      checkSameColumns(names, holdout, "holdout");
    }
    for (String name : kindOverrides.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "column kind given for unknown column '" + name + "'. Columns: " + names);
      }
    }
    List<EvalColumnKind> kinds = new ArrayList<>();
    for (String name : names) {
      EvalColumnKind override = kindOverrides.get(name);
      EvalColumnKind realKind = EvalColumnKind.inferred(real.column(name));
      if (override == null) {
        checkSameKind(name, realKind, synthetic, "synthetic");
        if (holdout != null) {
          checkSameKind(name, realKind, holdout, "holdout");
        }
        kinds.add(realKind);
      } else {
        kinds.add(override);
      }
    }
    int m = names.size();
    double[] min = new double[m];
    double[] max = new double[m];
    double[][] rv = new double[m][];
    double[][] sv = new double[m][];
    double[][] hv = new double[m][];
    int[][] rc = new int[m][];
    int[][] sc = new int[m][];
    int[][] hc = new int[m][];
    List<List<String>> levels = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      String name = names.get(j);
      if (kinds.get(j) == EvalColumnKind.NUMERIC) {
        rv[j] = numeric(real.column(name), "real");
        sv[j] = numeric(synthetic.column(name), "synthetic");
        hv[j] = holdout == null ? null : numeric(holdout.column(name), "holdout");
        min[j] = Double.POSITIVE_INFINITY;
        max[j] = Double.NEGATIVE_INFINITY;
        for (double x : rv[j]) {
          if (!Double.isNaN(x)) {
            min[j] = Math.min(min[j], x);
            max[j] = Math.max(max[j], x);
          }
        }
        checkSomeRealValue(name, min[j] <= max[j]);
        levels.add(null);
      } else {
        Map<String, Integer> dictionary = new LinkedHashMap<>();
        rc[j] = categorical(real.column(name), dictionary);
        sc[j] = categorical(synthetic.column(name), dictionary);
        hc[j] = holdout == null ? null : categorical(holdout.column(name), dictionary);
        checkSomeRealValue(name, hasValue(rc[j]));
        levels.add(List.copyOf(dictionary.keySet()));
        min[j] = Double.NaN;
        max[j] = Double.NaN;
      }
    }
    return new EncodedTables(
        List.copyOf(names),
        List.copyOf(kinds),
        java.util.Collections.unmodifiableList(levels),
        min,
        max,
        new EncodedTable(real.rowCount(), rv, rc),
        new EncodedTable(synthetic.rowCount(), sv, sc),
        holdout == null ? null : new EncodedTable(holdout.rowCount(), hv, hc));
  }

  private static void checkNotEmpty(Table table, String role) {
    if (table.rowCount() == 0 || table.columnCount() == 0) {
      throw new IllegalArgumentException(
          "the "
              + role
              + " table must have at least one row and one column. Provided: "
              + table.rowCount()
              + " rows x "
              + table.columnCount()
              + " columns");
    }
  }

  private static void checkSameColumns(List<String> names, Table other, String role) {
    Set<String> expected = new LinkedHashSet<>(names);
    Set<String> given = new LinkedHashSet<>(other.columnNames());
    if (!expected.equals(given) || other.columnCount() != names.size()) {
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(given);
      Set<String> extra = new LinkedHashSet<>(given);
      extra.removeAll(expected);
      throw new IllegalArgumentException(
          "the "
              + role
              + " table must have the real table's columns "
              + names
              + ". Missing: "
              + missing
              + ", unexpected: "
              + extra);
    }
  }

  private static void checkSameKind(String name, EvalColumnKind realKind, Table other, String role) {
    EvalColumnKind kind = EvalColumnKind.inferred(other.column(name));
    if (kind != realKind) {
      throw new IllegalArgumentException(
          "column '"
              + name
              + "' is "
              + realKind.name().toLowerCase(java.util.Locale.ROOT)
              + " ("
              + "tablesaw type of the real table) but "
              + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " in the "
              + role
              + " table ("
              + other.column(name).type()
              + "); give the column kind explicitly or read both tables with the same types");
    }
  }

  private static void checkSomeRealValue(String name, boolean ok) {
    if (!ok) {
      throw new IllegalArgumentException(
          "column '" + name + "' has no non-missing value in the real table; drop it before evaluating");
    }
  }

  private static boolean hasValue(int[] codes) {
    for (int c : codes) {
      if (c != EncodedTable.MISSING) {
        return true;
      }
    }
    return false;
  }

  private static double[] numeric(Column<?> column, String role) {
    if (EvalColumnKind.inferred(column) != EvalColumnKind.NUMERIC) {
      throw new IllegalArgumentException(
          "column '"
              + column.name()
              + "' is declared numeric but is "
              + column.type()
              + " in the "
              + role
              + " table; only number columns can be numeric");
    }
    double[] out = new double[column.size()];
    for (int i = 0; i < out.length; i++) {
      if (column.isMissing(i)) {
        out[i] = Double.NaN;
      } else {
        double x = ((tech.tablesaw.api.NumericColumn<?>) column).getDouble(i);
        if (Double.isInfinite(x)) {
          throw new IllegalArgumentException(
              "column '" + column.name() + "' holds an infinite value in the " + role + " table (row " + i + ")");
        }
        out[i] = x;
      }
    }
    return out;
  }

  private static int[] categorical(Column<?> column, Map<String, Integer> dictionary) {
    int[] out = new int[column.size()];
    boolean numeric = EvalColumnKind.inferred(column) == EvalColumnKind.NUMERIC;
    for (int i = 0; i < out.length; i++) {
      if (column.isMissing(i)) {
        out[i] = EncodedTable.MISSING;
      } else {
        String level = numeric ? numberLevel(((tech.tablesaw.api.NumericColumn<?>) column).getDouble(i)) : column.getUnformattedString(i);
        Integer code = dictionary.get(level);
        if (code == null) {
          code = dictionary.size();
          dictionary.put(level, code);
        }
        out[i] = code;
      }
    }
    return out;
  }

  /** A number used as a level: integral values without ".0", so an int 1 and a double 1.0 agree. */
  private static String numberLevel(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }

  /** Column names, in the real table's order. */
  public List<String> names() {
    return names;
  }

  /** Number of columns. */
  public int columnCount() {
    return names.size();
  }

  /** Kind of column {@code j}. */
  public EvalColumnKind kind(int j) {
    return kinds.get(j);
  }

  /** Index of the column called {@code name}. */
  public int indexOf(String name) {
    int j = names.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException("no column named '" + name + "'. Columns: " + names);
    }
    return j;
  }

  /** Levels of categorical column {@code j}, indexed by code. */
  public List<String> levels(int j) {
    List<String> l = levels.get(j);
    if (l == null) {
      throw new IllegalArgumentException("column '" + names.get(j) + "' is numeric and has no levels");
    }
    return l;
  }

  /** Smallest non-missing real value of numeric column {@code j}. */
  public double min(int j) {
    return min[j];
  }

  /** Largest non-missing real value of numeric column {@code j}. */
  public double max(int j) {
    return max[j];
  }

  /** The real (training) table. */
  public EncodedTable real() {
    return real;
  }

  /** The synthetic table. */
  public EncodedTable synthetic() {
    return synthetic;
  }

  /** The holdout table, or {@code null} if none was given. */
  public EncodedTable holdout() {
    return holdout;
  }

  /** Whether a holdout table was given. */
  public boolean hasHoldout() {
    return holdout != null;
  }

  /** Column indices of the given kind. */
  public int[] columnsOfKind(EvalColumnKind kind) {
    return java.util.stream.IntStream.range(0, names.size()).filter(j -> kinds.get(j) == kind).toArray();
  }

  /** Map from column name to its kind, in column order. */
  public Map<String, EvalColumnKind> kinds() {
    Map<String, EvalColumnKind> out = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      out.put(names.get(j), kinds.get(j));
    }
    return out;
  }

  @Override
  public String toString() {
    Map<EvalColumnKind, Integer> counts = new HashMap<>();
    kinds.forEach(k -> counts.merge(k, 1, Integer::sum));
    return "EncodedTables[real="
        + real.rows()
        + ", synthetic="
        + synthetic.rows()
        + ", holdout="
        + (holdout == null ? "none" : holdout.rows())
        + ", numeric="
        + counts.getOrDefault(EvalColumnKind.NUMERIC, 0)
        + ", categorical="
        + counts.getOrDefault(EvalColumnKind.CATEGORICAL, 0)
        + "]";
  }
}
