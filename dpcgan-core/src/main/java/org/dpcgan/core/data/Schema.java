package org.dpcgan.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.cells.DateTimes;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The kinds of a table's columns, in order. Read from a sidecar file ({@link #fromSidecar}), declared with
 * {@link #builder()}, or inferred from a table ({@link #infer}). Immutable.
 */
public final class Schema implements java.io.Serializable {
  private static final long serialVersionUID = 1L;


  /** Below this many non-missing values a column whose values are all distinct is not taken for an id. */
  private static final int MIN_ROWS_FOR_ID = 20;

  private final List<ColumnSpec> columns;
  private final Map<String, ColumnSpec> byName;

  private Schema(List<ColumnSpec> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one column");
    }
    var map = new LinkedHashMap<String, ColumnSpec>();
    for (ColumnSpec c : columns) {
      if (map.put(c.name(), c) != null) {
        throw new IllegalArgumentException("column names in a schema must be distinct; '" + c.name() + "' repeats");
      }
    }
    this.columns = List.copyOf(columns);
    this.byName = map;
  }

  /** A schema of these columns, in order. */
  public static Schema of(List<ColumnSpec> columns) {
    return new Schema(columns);
  }

  /** A builder for declaring a schema in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** The columns, in order. */
  public List<ColumnSpec> columns() {
    return columns;
  }

  /** The column names, in order. */
  public List<String> names() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** True when the schema has a column of this name. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The column of this name. */
  public ColumnSpec column(String name) {
    ColumnSpec c = byName.get(name);
    if (c == null) {
      throw new IllegalArgumentException("the schema has no column '" + name + "'; columns: " + names());
    }
    return c;
  }

  /**
   * Reads a sidecar file ({@code column,type,missing,distinct,min,max,levels,note}, as in
   * {@code data/*.columns.csv}). Only {@code column} and {@code type} are required. Declared {@code levels}
   * (separated by {@code |}) of discrete columns, {@code min}/{@code max} of continuous and integer columns and a
   * {@code missing} of 0 (the column has no missing values) become public metadata; an optional {@code format}
   * column gives datetime patterns.
   */
  public static Schema fromSidecar(Path path) {
    Csv.Parsed parsed;
    try {
      parsed = Csv.read(path, "sidecar");
    } catch (IOException e) {
      throw Csv.unchecked(path, e);
    }
    List<String> header = parsed.header();
    int colIdx = header.indexOf("column");
    int typeIdx = header.indexOf("type");
    if (colIdx < 0 || typeIdx < 0) {
      throw Csv.bad(parsed.source(), 1, "a sidecar needs the header fields 'column' and 'type'; found " + header);
    }
    int levelsIdx = header.indexOf("levels");
    int minIdx = header.indexOf("min");
    int maxIdx = header.indexOf("max");
    int formatIdx = header.indexOf("format");
    int missingIdx = header.indexOf("missing");
    var specs = new ArrayList<ColumnSpec>();
    for (int i = 0; i < parsed.rows().size(); i++) {
      String[] row = parsed.rows().get(i);
      try {
        ColumnKind kind = ColumnKind.parse(row[typeIdx]);
        List<String> levels = List.of();
        if (kind.isDiscrete() && levelsIdx >= 0 && !row[levelsIdx].isEmpty()) {
          levels = Arrays.asList(row[levelsIdx].split("\\|", -1));
        }
        Double lower = null;
        Double upper = null;
        if ((kind == ColumnKind.CONTINUOUS || kind == ColumnKind.INTEGER) && minIdx >= 0 && maxIdx >= 0
            && !row[minIdx].isEmpty() && !row[maxIdx].isEmpty()) {
          lower = Cells.parseFiniteDouble(row[minIdx], "min");
          upper = Cells.parseFiniteDouble(row[maxIdx], "max");
        }
        String format = kind == ColumnKind.DATETIME && formatIdx >= 0 && !row[formatIdx].isEmpty() ? row[formatIdx] : null;
        boolean complete = missingIdx >= 0 && declaresComplete(row[missingIdx]);
        specs.add(new ColumnSpec(row[colIdx], kind, levels, lower, upper, format, complete));
      } catch (IllegalArgumentException e) {
        InputFileException located = Csv.bad(parsed.source(), parsed.lines()[i], e.getMessage());
        located.initCause(e);
        throw located;
      }
    }
    try {
      return new Schema(specs);
    } catch (IllegalArgumentException e) {
      InputFileException located = new InputFileException(parsed.source() + ": " + e.getMessage(), parsed.source(), 0,
          null);
      located.initCause(e);
      throw located;
    }
  }

  /** A sidecar's {@code missing} field: 0 declares the column complete; empty or a positive count allows missing. */
  private static boolean declaresComplete(String missing) {
    if (missing.isBlank()) {
      return false;
    }
    try {
      long count = Long.parseLong(missing.strip());
      if (count >= 0) {
        return count == 0;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("missing must be a count of missing values: 0 declares the column without"
        + " missing values, a positive count or an empty field allows them. Provided value: '" + missing + "'");
  }

  /**
   * Infers a schema from a table. String columns are inspected: all integers → integer (categorical when at
   * most 2 distinct values, e.g. 0/1 flags); all numbers → continuous; true/false → boolean; ISO dates or
   * date-times → datetime; all values distinct (20 or more) → id; otherwise categorical. Typed columns keep
   * their type's kind. Nothing is declared public: levels and bounds come from the data at fit time.
   */
  public static SchemaInference infer(Table table) {
    var specs = new ArrayList<ColumnSpec>();
    var lines = new StringBuilder();
    for (Column<?> column : table.columns()) {
      String[] why = new String[1];
      ColumnSpec spec = inferColumn(column, why);
      specs.add(spec);
      lines.append(String.format(Locale.ROOT, "%-24s %-12s %s%n", spec.name(), spec.kind().label(), why[0]));
    }
    return new SchemaInference(new Schema(specs), lines.toString());
  }

  private static ColumnSpec inferColumn(Column<?> column, String[] why) {
    String name = column.name();
    int typedMissing = column.countMissing();
    String typedTail = typedMissing > 0 ? ", " + typedMissing + " missing" : "";
    if (column instanceof BooleanColumn) {
      why[0] = "boolean column" + typedTail;
      return ColumnSpec.of(name, ColumnKind.BOOLEAN);
    }
    if (column instanceof DateColumn) {
      why[0] = "date column" + typedTail;
      return new ColumnSpec(name, ColumnKind.DATETIME, List.of(), null, null, "yyyy-MM-dd");
    }
    if (column instanceof DateTimeColumn) {
      why[0] = "date-time column" + typedTail;
      return ColumnSpec.of(name, ColumnKind.DATETIME);
    }
    if (column instanceof NumericColumn<?> num) {
      String t = num.type().name();
      boolean integral = t.equals("INTEGER") || t.equals("LONG") || t.equals("SHORT");
      why[0] = t.toLowerCase(Locale.ROOT) + " column" + typedTail;
      return ColumnSpec.of(name, integral ? ColumnKind.INTEGER : ColumnKind.CONTINUOUS);
    }
    if (!(column instanceof StringColumn s)) {
      why[0] = column.type().name().toLowerCase(Locale.ROOT) + " column, treated as categorical" + typedTail;
      return ColumnSpec.of(name, ColumnKind.CATEGORICAL);
    }
    int nonMissing = 0;
    boolean allLong = true;
    boolean allNumber = true;
    boolean allBool = true;
    boolean allDate = true;
    boolean allDateTime = true;
    DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    DateTimeFormatter dateTime = DateTimeFormatter.ofPattern(ColumnSpec.DEFAULT_DATETIME_FORMAT);
    Set<String> distinct = new HashSet<>();
    for (int r = 0; r < s.size(); r++) {
      if (s.isMissing(r)) {
        continue;
      }
      String v = s.get(r);
      nonMissing++;
      distinct.add(v);
      if (allLong && Cells.tryLong(v) == null) {
        allLong = false;
      }
      if (allNumber && Cells.tryNumber(v) == null) {
        allNumber = false;
      }
      if (allBool && !(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
        allBool = false;
      }
      if (allDate && !DateTimes.parses(v, date, true)) {
        allDate = false;
      }
      if (allDateTime && !DateTimes.parses(v, dateTime, false)) {
        allDateTime = false;
      }
    }
    int missing = s.size() - nonMissing;
    String tail = missing > 0 ? ", " + missing + " missing" : "";
    if (nonMissing == 0) {
      why[0] = "every value missing; categorical" + tail;
      return ColumnSpec.of(name, ColumnKind.CATEGORICAL);
    }
    if (allLong && distinct.size() <= 2) {
      why[0] = distinct.size() + " distinct integer values: a categorical flag" + tail;
      return ColumnSpec.of(name, ColumnKind.CATEGORICAL);
    }
    if (allLong) {
      why[0] = "all integers, " + distinct.size() + " distinct" + tail;
      return ColumnSpec.of(name, ColumnKind.INTEGER);
    }
    if (allNumber) {
      why[0] = "all numbers, " + distinct.size() + " distinct" + tail;
      return ColumnSpec.of(name, ColumnKind.CONTINUOUS);
    }
    if (allBool) {
      why[0] = "true/false values" + tail;
      return ColumnSpec.of(name, ColumnKind.BOOLEAN);
    }
    if (allDate) {
      why[0] = "ISO dates (yyyy-MM-dd)" + tail;
      return new ColumnSpec(name, ColumnKind.DATETIME, List.of(), null, null, "yyyy-MM-dd");
    }
    if (allDateTime) {
      why[0] = "ISO date-times (" + ColumnSpec.DEFAULT_DATETIME_FORMAT + ")" + tail;
      return ColumnSpec.of(name, ColumnKind.DATETIME);
    }
    if (distinct.size() == nonMissing && nonMissing >= MIN_ROWS_FOR_ID) {
      why[0] = "every value distinct: an identifier, excluded from training" + tail;
      return ColumnSpec.of(name, ColumnKind.ID);
    }
    why[0] = distinct.size() + " levels" + tail;
    return ColumnSpec.of(name, ColumnKind.CATEGORICAL);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && columns.equals(s.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    var sb = new StringBuilder("Schema[");
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      sb.append(i == 0 ? "" : ", ").append(c.name()).append(':').append(c.kind().label());
    }
    return sb.append(']').toString();
  }

  /** Declares a schema column by column; validated in {@link #build()}. */
  public static final class Builder {
    private final List<ColumnSpec> columns = new ArrayList<>();

    private Builder() {}

    /** A continuous column without declared bounds. */
    public Builder continuous(String name) {
      return column(ColumnSpec.of(name, ColumnKind.CONTINUOUS));
    }

    /** A continuous column with public bounds. */
    public Builder continuous(String name, double lower, double upper) {
      return column(new ColumnSpec(name, ColumnKind.CONTINUOUS, List.of(), lower, upper, null));
    }

    /** An integer column without declared bounds. */
    public Builder integer(String name) {
      return column(ColumnSpec.of(name, ColumnKind.INTEGER));
    }

    /** An integer column with public bounds. */
    public Builder integer(String name, long lower, long upper) {
      return column(new ColumnSpec(name, ColumnKind.INTEGER, List.of(), (double) lower, (double) upper, null));
    }

    /** A categorical column; levels, when given, are public. */
    public Builder categorical(String name, String... levels) {
      return column(new ColumnSpec(name, ColumnKind.CATEGORICAL, List.of(levels), null, null, null));
    }

    /** An ordinal column with its levels in order; when none are given, observed levels in sorted order. */
    public Builder ordinal(String name, String... levels) {
      return column(new ColumnSpec(name, ColumnKind.ORDINAL, List.of(levels), null, null, null));
    }

    /** A boolean column (levels false, true). */
    public Builder bool(String name) {
      return column(ColumnSpec.of(name, ColumnKind.BOOLEAN));
    }

    /** A datetime column in this {@link java.time.format.DateTimeFormatter} pattern. */
    public Builder datetime(String name, String format) {
      return column(new ColumnSpec(name, ColumnKind.DATETIME, List.of(), null, null, format));
    }

    /** An identifier column, excluded from training. */
    public Builder id(String name) {
      return column(ColumnSpec.of(name, ColumnKind.ID));
    }

    /**
     * Declares the columns added so far under these names complete: without missing values (public metadata; a
     * fit refuses a table with a missing cell there).
     */
    public Builder complete(String... names) {
      for (String name : names) {
        int at = -1;
        for (int i = 0; i < columns.size(); i++) {
          if (columns.get(i).name().equals(name)) {
            at = i;
          }
        }
        if (at < 0) {
          throw new IllegalArgumentException("complete(" + name + "): no such column added yet; columns: "
              + columns.stream().map(ColumnSpec::name).toList());
        }
        columns.set(at, columns.get(at).withComplete(true));
      }
      return this;
    }

    /** Any column. */
    public Builder column(ColumnSpec spec) {
      columns.add(java.util.Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** Validates (at least one column, distinct names) and builds. */
    public Schema build() {
      return new Schema(columns);
    }
  }
}
