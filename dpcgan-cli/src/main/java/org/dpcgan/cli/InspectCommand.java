package org.dpcgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.ColumnDescription;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TableInspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan inspect}: what the library makes of a table before training (DESIGN.md §5): each column's
 * kind, missing values, categories or modes and encoded width, and a round trip over every row.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show what dpcgan makes of a table: column kinds, missing values, categories, mixture modes, encoded"
          + " widths, and an encode/decode round trip over every row.",
      "Without --columns the schema is inferred and the inference is printed so you can correct it in a sidecar."
    })
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "The table: CSV, CSV.gz or Parquet (by extension).")
  Path data;

  @Option(names = "--columns", paramLabel = "SIDECAR",
      description = "Sidecar schema (column,type,missing,distinct,min,max,levels,note); inferred when omitted.")
  Path columns;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(names = "--max-categories", paramLabel = "N",
      description = "The most categories a discrete column may have, missing included (default: "
          + Synthesizer.DEFAULT_MAX_CATEGORIES + ").")
  Integer maxCategories;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
      description = "Seed of the mixture fit and the mode sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (maxCategories != null && maxCategories < 2) {
      throw new IllegalArgumentException("--max-categories must be >= 2. Provided value: " + maxCategories);
    }
    PrintWriter out = spec.commandLine().getOut();
    Schema schema;
    Table table;
    String inference = null;
    if (columns != null) {
      schema = Schema.fromSidecar(columns);
      table = Tables.read(data, schema);
    } else {
      table = Tables.read(data);
      SchemaInference inferred = Schema.infer(table);
      schema = inferred.schema();
      inference = inferred.explanation();
    }
    Synthesizer.Builder config = Synthesizer.ctgan().schema(schema).seed(seed);
    if (maxCategories != null) {
      config.maxCategories(maxCategories);
    }
    TableInspection inspection = config.build().inspect(table);
    TableInspection.RoundTrip roundTrip = inspection.roundTrip();

    List<Map<String, Object>> cols = new ArrayList<>();
    for (TableInspection.Column column : inspection.columns()) {
      ColumnDescription c = column.description();
      var row = new LinkedHashMap<String, Object>();
      row.put("name", c.name());
      row.put("kind", c.kind().label());
      row.put("missing", column.missing());
      row.put("categories", c.kind().isDiscrete() ? (Integer) c.categories() : null);
      row.put("modes", c.kind().isNumeric() ? (Integer) c.modes() : null);
      row.put("encoded_width", c.encodedWidth());
      cols.add(row);
    }
    var rt = new LinkedHashMap<String, Object>();
    rt.put("categorical_exact", roundTrip.categoricalExact());
    rt.put("continuous_max_abs_error", roundTrip.continuousMaxAbsError());
    var result = new LinkedHashMap<String, Object>();
    result.put("rows", table.rowCount());
    result.put("columns", cols);
    result.put("encoded_width", inspection.encodedWidth());
    result.put("roundtrip", rt);

    if (json) {
      JsonOutput.print(out, result);
      return 0;
    }
    if (inference != null) {
      out.println("Inferred schema (write a sidecar and pass --columns to correct it):");
      out.print(inference);
      out.println();
    }
    out.printf(Locale.ROOT, "%s: %d rows, %d columns, encoded width %d%n", data.getFileName(), table.rowCount(),
        schema.columns().size(), inspection.encodedWidth());
    out.printf(Locale.ROOT, "%-24s %-12s %8s %11s %6s %7s%n", "column", "kind", "missing", "categories", "modes", "width");
    for (Map<String, Object> c : cols) {
      out.printf(Locale.ROOT, "%-24s %-12s %8d %11s %6s %7d%n", c.get("name"), c.get("kind"), c.get("missing"),
          c.get("categories") == null ? "-" : c.get("categories"), c.get("modes") == null ? "-" : c.get("modes"),
          c.get("encoded_width"));
    }
    out.printf(Locale.ROOT,
        "Round trip over %d rows: categorical exact: %s, missing preserved: %s, integers exact: %s,"
            + " continuous max abs error: %.3g (max relative %.3g)%n",
        roundTrip.rows(), yes(roundTrip.categoricalExact()), yes(roundTrip.missingPreserved()),
        yes(roundTrip.integersExact()), roundTrip.continuousMaxAbsError(), roundTrip.continuousMaxRelError());
    if (roundTrip.clippedRows() > 0) {
      out.printf(Locale.ROOT,
          "Note: %d rows have a numeric value beyond 3.96 standard deviations of every mode; the network encoding"
              + " clips them (as CTGAN does).%n", roundTrip.clippedRows());
    }
    out.flush();
    return 0;
  }

  private static String yes(boolean b) {
    return b ? "yes" : "NO";
  }
}
