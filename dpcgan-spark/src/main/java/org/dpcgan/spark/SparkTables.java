package org.dpcgan.spark;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.cells.DateTimes;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Spark rows and tablesaw tables by a dpcgan {@link Schema}: which Spark types each column kind accepts, a
 * Dataset's schema checked against it (every mismatch named), rows turned into typed tables and back. Datetimes are
 * UTC, as the library reads them.
 */
final class SparkTables {
  private static final Set<DataType> WHOLE = Set.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType,
      DataTypes.LongType);

  private SparkTables() {}

  /** The Spark schema of sampled rows: continuous as double, integer as long, boolean, timestamp or date, text. */
  static StructType structType(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec spec : schema.columns()) {
      DataType type = switch (spec.kind()) {
        case CONTINUOUS -> DataTypes.DoubleType;
        case INTEGER -> DataTypes.LongType;
        case BOOLEAN -> DataTypes.BooleanType;
        case DATETIME -> isDateOnly(spec) ? DataTypes.DateType : DataTypes.TimestampType;
        default -> DataTypes.StringType;
      };
      fields.add(DataTypes.createStructField(spec.name(), type, true));
    }
    return DataTypes.createStructType(fields);
  }

  /** The schema's columns, in its order, as Spark columns (names quoted: dots and spaces are part of them). */
  static org.apache.spark.sql.Column[] columns(Schema schema) {
    return schema.names().stream().map(n -> functions.col("`" + n.replace("`", "``") + "`"))
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  /**
   * Checks that a Dataset's columns are the schema's (any order) and that each has a type its kind accepts: numbers
   * for continuous, whole numbers for integer, boolean, timestamp or date for datetime; any type for discrete and id
   * columns (read as text).
   *
   * @throws IllegalArgumentException naming every column that is missing, extra or of the wrong type
   */
  static void check(StructType actual, Schema schema) {
    List<String> problems = new ArrayList<>();
    List<String> names = List.of(actual.fieldNames());
    for (ColumnSpec spec : schema.columns()) {
      if (!names.contains(spec.name())) {
        problems.add("the schema's column '" + spec.name() + "' is not in the Dataset");
        continue;
      }
      DataType type = actual.apply(spec.name()).dataType();
      String allowed = allowed(spec.kind(), type);
      if (allowed != null) {
        problems.add("column '" + spec.name() + "' is " + type.simpleString() + ", but the schema says "
            + spec.kind().label() + " (allowed: " + allowed + ")");
      }
    }
    for (String name : names) {
      if (!schema.contains(name)) {
        problems.add("Dataset column '" + name + "' is not in the schema");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the Dataset does not match the schema: " + String.join("; ", problems)
          + ". Dataset columns: " + actual.simpleString() + "; schema columns: " + schema.names());
    }
  }

  /** What {@code kind} accepts, or null when {@code type} is one of them. */
  private static String allowed(ColumnKind kind, DataType type) {
    return switch (kind) {
      case CONTINUOUS -> WHOLE.contains(type) || type == DataTypes.DoubleType || type == DataTypes.FloatType
          || type instanceof DecimalType ? null : "double, float, decimal or a whole-number type";
      case INTEGER -> WHOLE.contains(type) ? null : "byte, short, int or long";
      case BOOLEAN -> type == DataTypes.BooleanType ? null : "boolean";
      case DATETIME -> type == DataTypes.TimestampType || type == DataTypes.DateType ? null : "timestamp or date";
      default -> null;
    };
  }

  /**
   * Rows (the schema's columns, in its order) as a typed table; row {@code r} is row {@code firstRow + r} of the
   * Dataset, for messages.
   *
   * @throws IllegalArgumentException on NaN or ±∞ in a numeric column
   */
  static Table toTable(String name, Schema schema, List<Row> rows, long firstRow) {
    List<Column<?>> columns = new ArrayList<>();
    List<ColumnSpec> specs = schema.columns();
    for (int j = 0; j < specs.size(); j++) {
      ColumnSpec spec = specs.get(j);
      Column<?> column = switch (spec.kind()) {
        case CONTINUOUS -> DoubleColumn.create(spec.name());
        case INTEGER -> LongColumn.create(spec.name());
        case BOOLEAN -> BooleanColumn.create(spec.name());
        case DATETIME -> isDateOnly(spec) ? DateColumn.create(spec.name()) : DateTimeColumn.create(spec.name());
        default -> StringColumn.create(spec.name());
      };
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        if (row.isNullAt(j)) {
          column.appendMissing();
          continue;
        }
        Object v = row.get(j);
        if (column instanceof DoubleColumn d) {
          double x = ((Number) v).doubleValue();
          if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: row %d, column '%s': %s is not"
                + " allowed: continuous values must be finite (null for a missing value)", name, firstRow + r + 1,
                spec.name(), x));
          }
          d.append(x);
        } else if (column instanceof LongColumn l) {
          l.append(((Number) v).longValue());
        } else if (column instanceof BooleanColumn b) {
          b.append((Boolean) v);
        } else if (column instanceof DateColumn d) {
          d.append(v instanceof Date date ? date.toLocalDate() : ((Timestamp) v).toInstant().atOffset(ZoneOffset.UTC)
              .toLocalDate());
        } else if (column instanceof DateTimeColumn dt) {
          dt.append(v instanceof Timestamp t ? LocalDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC)
              : ((Date) v).toLocalDate().atStartOfDay());
        } else {
          ((StringColumn) column).append(v.toString());
        }
      }
      columns.add(column);
    }
    return Table.create(name, columns);
  }

  /** Each row of {@code table} (the schema's columns) as a Spark row of {@link #structType}; missing as null. */
  static List<Row> toRows(Table table, Schema schema) {
    List<ColumnSpec> specs = schema.columns();
    Column<?>[] columns = new Column<?>[specs.size()];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = table.column(specs.get(j).name());
    }
    List<Row> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Object[] values = new Object[columns.length];
      for (int j = 0; j < columns.length; j++) {
        values[j] = columns[j].isMissing(r) ? null : value(columns[j], specs.get(j).kind(), r);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  private static Object value(Column<?> column, ColumnKind kind, int r) {
    if (column instanceof DateColumn d) {
      return Date.valueOf(d.get(r));
    }
    if (column instanceof DateTimeColumn dt) {
      return Timestamp.from(dt.get(r).toInstant(ZoneOffset.UTC));
    }
    if (column instanceof BooleanColumn b) {
      return b.get(r);
    }
    if (column instanceof LongColumn l) {
      return l.get(r);
    }
    if (column instanceof IntColumn i) {
      return (long) i.getInt(r);
    }
    if (column instanceof NumericColumn<?> n) {
      return kind == ColumnKind.INTEGER ? (Object) Math.round(n.getDouble(r)) : (Object) n.getDouble(r);
    }
    return column.getString(r);
  }

  /** True for a datetime pattern without a time of day (read into a date column, as {@code Tables} does). */
  private static boolean isDateOnly(ColumnSpec spec) {
    return DateTimes.isDateOnly(DateTimes.formatter(spec.name(), spec.format()));
  }
}
