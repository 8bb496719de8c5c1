package org.dpcgan.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Parquet files in and out through DuckDB's embedded engine (the optional dependency {@code org.duckdb:duckdb_jdbc};
 * the command line has it). Reading streams the file's rows as text into the same typed columns and checks as a
 * CSV file ({@link Tables#read}); writing streams rows to a temporary CSV file beside the target, which DuckDB
 * then converts, typed by the schema, into the target atomically ({@link Tables#csvWriter}). Memory stays flat in
 * the number of rows either way: DuckDB works within {@value #MEMORY_LIMIT} and spills to disk beyond it.
 */
public final class ParquetFiles {
  /** DuckDB's memory limit for a conversion. */
  static final String MEMORY_LIMIT = "1GB";

  private ParquetFiles() {}

  /** Whether {@code path} names a Parquet file (by its extension, {@code .parquet}). */
  public static boolean isParquet(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  /**
   * Passes the header of a Parquet file to {@code header}, then each row's values as text (empty for null) with
   * its row number from 1 as its "line"; returns the header.
   */
  static List<String> stream(Path path, Csv.RowSink rows, Consumer<List<String>> header) throws IOException {
    InputFiles.requireReadable(path, "table");
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM read_parquet(?)")) {
      s.setString(1, path.toString());
      try (ResultSet r = s.executeQuery()) {
        ResultSetMetaData meta = r.getMetaData();
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= meta.getColumnCount(); j++) {
          names.add(meta.getColumnName(j));
        }
        header.accept(List.copyOf(names));
        int line = 1;
        while (r.next()) {
          String[] fields = new String[names.size()];
          for (int j = 0; j < fields.length; j++) {
            String v = r.getString(j + 1);
            fields[j] = v == null ? "" : v;
          }
          rows.row(fields, ++line);
        }
        return List.copyOf(names);
      }
    } catch (SQLException e) {
      throw new InputFileException(path + ": cannot be read as Parquet (" + e.getMessage().lines().findFirst()
          .orElse("") + ")", path.getFileName().toString(), 0, null);
    }
  }

  /**
   * Converts {@code csv} (as dpcgan writes it: a header, empty fields for missing values) into the Parquet file
   * {@code target}, atomically: integer columns as BIGINT, continuous as DOUBLE, boolean as BOOLEAN, the others
   * (categories, datetimes in the schema's pattern, columns the schema lacks) as VARCHAR.
   */
  static void fromCsv(Path csv, List<String> header, Schema schema, Path target) throws IOException {
    StringBuilder columns = new StringBuilder();
    for (String name : header) {
      columns.append(columns.length() == 0 ? "" : ", ").append('\'').append(name.replace("'", "''")).append("': '")
          .append(schema != null && schema.contains(name) ? duckType(schema.column(name).kind()) : "VARCHAR")
          .append('\'');
    }
    AtomicFiles.writeFile(target, file -> {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("COPY (SELECT * FROM read_csv('" + quoted(csv) + "', header = true, auto_detect = false,"
            + " delim = ',', quote = '\"', escape = '\"', nullstr = '', columns = {" + columns + "}))"
            + " TO '" + quoted(file) + "' (FORMAT PARQUET)");
      } catch (SQLException e) {
        throw new IOException("writing " + target + " as Parquet: " + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
    });
  }

  private static String duckType(ColumnKind kind) {
    return switch (kind) {
      case INTEGER -> "BIGINT";
      case CONTINUOUS -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      default -> "VARCHAR";
    };
  }

  private static String quoted(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  /** An in-memory DuckDB that streams results and keeps within {@value #MEMORY_LIMIT}. */
  private static Connection connect() throws SQLException {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("reading or writing Parquet needs DuckDB's JDBC driver on the class path"
          + " (Maven: org.duckdb:duckdb_jdbc); the dpcgan command line has it. CSV needs nothing more.", e);
    }
    Properties p = new Properties();
    p.setProperty("jdbc_stream_results", "true");
    Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
      s.execute("SET preserve_insertion_order = true");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
