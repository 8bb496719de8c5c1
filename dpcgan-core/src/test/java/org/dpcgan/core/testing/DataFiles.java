package org.dpcgan.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import tech.tablesaw.api.Table;

/** Finds the repository's {@code data/} folder and loads the bundled tables. */
public final class DataFiles {
  private DataFiles() {}

  public static Path dir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("data").resolve("adult.csv.gz"))) {
        return p.resolve("data");
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find data/adult.csv.gz above " + Path.of("").toAbsolutePath());
  }

  public static Schema schema(String name) {
    return Schema.fromSidecar(dir().resolve(name + ".columns.csv"));
  }

  public static Table adult() {
    return Tables.readCsv(dir().resolve("adult.csv.gz"), schema("adult"));
  }

  /** Rows 1–32,561: the UCI train split. */
  public static Table adultTrain() {
    return adult().inRange(0, 32_561);
  }

  public static Table exam() {
    return Tables.readCsv(dir().resolve("exam.csv"), schema("exam"));
  }

  public static Table flchain() {
    return Tables.readCsv(dir().resolve("flchain.csv"), schema("flchain"));
  }

  /** Each row's cells as text, joined by '|': rows to compare whatever the tables' names. */
  public static List<String> rowsAsText(Table t) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < t.columnCount(); c++) {
        row.append(t.column(c).getString(r)).append('|');
      }
      out.add(row.toString());
    }
    return out;
  }
}
