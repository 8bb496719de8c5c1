package org.dpcgan.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** Reads the bundled data sets from {@code data/} at the repository root, with the sidecars' column types. */
public final class TestData {
  /** Rows 1..32,561 of adult.csv.gz are UCI's train split, the rest the test split. */
  public static final int ADULT_TRAIN_ROWS = 32_561;

  private static Table adult;

  private TestData() {}

  /** The data directory, found by walking up from the working directory. */
  public static Path dataDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("data").resolve("adult.csv.gz");
      if (Files.exists(candidate)) {
        return candidate.getParent();
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("data/adult.csv.gz not found above " + Path.of("").toAbsolutePath());
  }

  /** All 48,842 rows of Adult (cached; tables are only read by the tests). */
  public static synchronized Table adult() {
    if (adult == null) {
      adult = read("adult.csv.gz");
    }
    return adult;
  }

  /** Reads {@code data/<file>} with types from its sidecar: categorical/ordinal as strings, else doubles. */
  public static Table read(String file) {
    Path path = dataDir().resolve(file);
    String base = file.replace(".csv.gz", "").replace(".csv", "");
    Map<String, ColumnType> types = sidecarTypes(dataDir().resolve(base + ".columns.csv"));
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return Table.read()
          .csv(
              CsvReadOptions.builder(in)
                  .tableName(base)
                  .missingValueIndicator("")
                  .columnTypes(name -> types.getOrDefault(name, ColumnType.STRING))
                  .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kind overrides from a sidecar: categorical/ordinal columns are categorical, the others numeric. */
  public static Map<String, ColumnType> sidecarTypes(Path sidecar) {
    try {
      List<String> lines = Files.readAllLines(sidecar);
      Map<String, ColumnType> out = new HashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        String name = f[0].replace("\"", "");
        String type = f[1].replace("\"", "");
        out.put(name, type.equals("categorical") || type.equals("ordinal") ? ColumnType.STRING : ColumnType.DOUBLE);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows [from, to) of a table. */
  public static Table rows(Table table, int from, int to) {
    return table.inRange(from, to);
  }
}
