package org.dpcgan.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.cells.DateTimes;
import org.dpcgan.core.internal.random.Permutation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reading, writing and splitting tables. CSV is read strictly (see the errors below) into tablesaw
 * {@link Table}s, typed by a {@link Schema}: continuous → {@code DoubleColumn}, integer → {@code IntColumn}
 * ({@code LongColumn} when a value does not fit), categorical/ordinal/id → {@code StringColumn}, boolean →
 * {@code BooleanColumn}, datetime → {@code DateColumn} (date-only patterns) or {@code DateTimeColumn}. An
 * empty field is a missing value. A path ending in {@code .gz} is gzip.
 *
 * <p>Bad input fails with an {@link IllegalArgumentException} naming the file, line, row and column, and
 * nothing is returned: ragged rows, bad quoting, a value that does not parse as its column's kind, NaN or
 * ±∞ in a numeric column, a value outside a column's declared levels, an empty table, and a schema that
 * disagrees with the header. I/O failures are {@link UncheckedIOException}s naming the file.
 */
public final class Tables {

  private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

  private Tables() {}

  /**
   * Reads a CSV / CSV.gz or Parquet file ({@link ParquetFiles}) typed by {@code schema}, a row at a time: each field
   * goes straight into its typed column, so memory holds the table's columns and one row of text, not the file.
   */
  public static Table read(Path path, Schema schema) {
    Table[] whole = new Table[1];
    readChunks(path, schema, Integer.MAX_VALUE, chunk -> whole[0] = chunk);
    return whole[0];
  }

  /**
   * Streams a CSV / CSV.gz or Parquet file typed and checked by {@code schema} as {@link #read(Path, Schema)} does,
   * handing it to {@code chunks} as tables of at most {@code chunkRows} rows in file order: memory holds one chunk,
   * whatever the file's size (a fit reads a register this way, {@link org.dpcgan.core.synth.Synthesizer#fit(Path)}).
   * Returns the number of rows; an empty file fails as {@code read} does, before any chunk.
   */
  public static long readChunks(Path path, Schema schema, int chunkRows, Consumer<Table> chunks) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1. Provided value: " + chunkRows);
    }
    String name = path.getFileName().toString();
    List<ColumnBuilder> builders = new ArrayList<>();
    List<ColumnSpec> specs = new ArrayList<>();
    long[] rows = {0};
    int[] inChunk = {0};
    Runnable flush = () -> {
      chunks.accept(Table.create(name, builders.stream().map(ColumnBuilder::build).toArray(Column<?>[]::new)));
      for (int j = 0; j < specs.size(); j++) {
        builders.set(j, builder(name, specs.get(j)));
      }
      inChunk[0] = 0;
    };
    try {
      stream(path, (fields, line) -> {
        if (inChunk[0] == chunkRows) {
          flush.run();
        }
        for (int j = 0; j < fields.length; j++) {
          builders.get(j).add(fields[j], rows[0], line);
        }
        rows[0]++;
        inChunk[0]++;
      }, h -> {
        checkHeader(name, h, schema);
        h.forEach(column -> specs.add(schema.column(column)));
        specs.forEach(spec -> builders.add(builder(name, spec)));
      });
    } catch (IOException e) {
      throw Csv.unchecked(path, e);
    }
    if (rows[0] == 0) {
      throw empty(name);
    }
    flush.run();
    return rows[0];
  }

  /**
   * Reads a CSV / CSV.gz or Parquet file with a schema inferred from all its rows ({@link #inferSchema}, logged),
   * then typed by it: two passes over the file.
   */
  public static Table read(Path path) {
    return read(path, inferSchema(path, Integer.MAX_VALUE).schema());
  }

  /**
   * Streams a CSV / CSV.gz or Parquet file once and writes to {@code out} (CSV) its header and a uniform random
   * sample of at most {@code maxRows} of its rows, in file order (reservoir sampling, seeded): a table larger than
   * memory becomes one that fits. Returns the number of rows in the file; memory holds {@code maxRows} rows of text.
   */
  public static long subsample(Path path, int maxRows, long seed, Path out) {
    Sample sample = sample(path, maxRows, seed);
    try (Csv.Appender appender = new Csv.Appender(out, sample.header(), 1)) {
      appender.append(sample.rows().size(), (r, fields) ->
          System.arraycopy(sample.rows().get(r), 0, fields, 0, fields.length));
      appender.commit();
    } catch (IOException e) {
      throw Csv.unchecked(out, e);
    }
    return sample.total();
  }

  /**
   * The schema {@link Schema#infer} gives a CSV / CSV.gz or Parquet file, read from a uniform sample of at most
   * {@code maxRows} of its rows (all of them in a smaller file; seeded, so the same file gives the same schema).
   * The sample's size is logged. A larger file may hold a value the sample lacks that its inferred type refuses:
   * reading the file then names the line, and a declared schema (a sidecar) settles it.
   */
  public static SchemaInference inferSchema(Path path, int maxRows) {
    Sample sample = sample(path, maxRows, 0);
    String name = path.getFileName().toString();
    var raw = new ArrayList<Column<?>>();
    for (int j = 0; j < sample.header().size(); j++) {
      String[] values = new String[sample.rows().size()];
      for (int r = 0; r < values.length; r++) {
        values[r] = sample.rows().get(r)[j];
      }
      raw.add(StringColumn.create(sample.header().get(j), values));
    }
    SchemaInference inference = Schema.infer(Table.create(name, raw));
    LOG.info("{}: inferred schema {} from {}", name, inference.schema(), sample.total() == sample.rows().size()
        ? "all " + sample.total() + " rows" : "a uniform sample of " + sample.rows().size() + " of its "
        + sample.total() + " rows");
    return inference;
  }

  /** A file's header, at most a given number of its rows (uniform, in file order) and its number of rows. */
  private record Sample(List<String> header, List<String[]> rows, long total) {}

  private static Sample sample(Path path, int maxRows, long seed) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1. Provided value: " + maxRows);
    }
    List<String[]> kept = new ArrayList<>();
    List<Long> index = new ArrayList<>();
    long[] seen = {0};
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> header;
    try {
      header = stream(path, (fields, line) -> {
        long k = seen[0]++;
        if (k < maxRows) {
          kept.add(fields);
          index.add(k);
        } else {
          long j = rng.nextLong(k + 1);
          if (j < maxRows) {
            kept.set((int) j, fields);
            index.set((int) j, k);
          }
        }
      }, h -> { });
    } catch (IOException e) {
      throw Csv.unchecked(path, e);
    }
    if (seen[0] == 0) {
      throw empty(path.getFileName().toString());
    }
    if (seen[0] <= maxRows) {
      return new Sample(header, kept, seen[0]);   // every row, in file order
    }
    Integer[] order = new Integer[kept.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(index.get(a), index.get(b)));
    List<String[]> rows = new ArrayList<>(order.length);
    for (Integer i : order) {
      rows.add(kept.get(i));
    }
    return new Sample(header, rows, seen[0]);
  }

  /** Reads a CSV / CSV.gz (or Parquet) file typed by {@code schema}, as {@link #read(Path, Schema)} does. */
  public static Table readCsv(Path path, Schema schema) {
    return read(path, schema);
  }

  /** Reads a CSV / CSV.gz (or Parquet) file with an inferred schema, as {@link #read(Path)} does. */
  public static Table readCsv(Path path) {
    return read(path);
  }

  /** Writes a table as CSV (gzip when the name ends in .gz), atomically; datetimes in ISO format. */
  public static void writeCsv(Table table, Path path) {
    writeCsv(table, path, null);
  }

  /**
   * Writes a table as CSV (gzip when the name ends in .gz), atomically: to a temporary file in the same
   * folder, then moved into place, so a failure leaves no partial file. Datetime columns use the schema's
   * patterns; numbers are written in plain decimal notation.
   */
  public static void writeCsv(Table table, Path path, Schema schema) {
    writeCsv(table, path, schema, 1);
  }

  /**
   * {@link #writeCsv(Table, Path, Schema)} with the rows formatted on {@code threads} threads (blocks of rows at a
   * time, written in order): the same file, sooner for large tables.
   */
  public static void writeCsv(Table table, Path path, Schema schema, int threads) {
    try (CsvWriter w = csvWriter(path, table.columnNames(), schema, threads)) {
      w.append(table);
      w.commit();
    }
  }

  /**
   * A CSV file (gzip when the name ends in .gz) written a block of rows at a time, for tables larger than memory:
   * {@link CsvWriter#append} each block, then {@link CsvWriter#commit} to move the complete file into place;
   * closing without a commit deletes it, so a failure or an interrupted run leaves no partial file. Blocks are
   * formatted on {@code threads} threads as {@link #writeCsv(Table, Path, Schema, int)} formats a table.
   *
   * @param header the column names every appended block has, in order
   */
  public static CsvWriter csvWriter(Path path, List<String> header, Schema schema, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1. Provided value: " + threads);
    }
    try {
      return new CsvWriter(new Csv.Appender(path, header, threads), path, List.copyOf(header), schema,
          ParquetFiles.isParquet(path));
    } catch (IOException e) {
      throw Csv.unchecked(path, e);
    }
  }

  /** See {@link #csvWriter}. I/O failures are {@link UncheckedIOException}s naming the file. */
  public static final class CsvWriter implements AutoCloseable {
    private final Csv.Appender appender;
    private final Path path;
    private final List<String> header;
    private final Schema schema;
    private final boolean parquet;   // the rows go to a temporary CSV file first, converted on commit
    private long rows;

    private CsvWriter(Csv.Appender appender, Path path, List<String> header, Schema schema, boolean parquet) {
      this.appender = appender;
      this.path = path;
      this.header = header;
      this.schema = schema;
      this.parquet = parquet;
    }

    /** Appends the rows of {@code block}, whose columns must be the header's. */
    public void append(Table block) {
      if (!block.columnNames().equals(header)) {
        throw new IllegalArgumentException("a block's columns must be the file's " + header + ". Provided: "
            + block.columnNames());
      }
      int cols = block.columnCount();
      Formatter[] formatters = new Formatter[cols];
      for (int j = 0; j < cols; j++) {
        Column<?> c = block.column(j);
        String pattern = schema != null && schema.contains(c.name()) ? schema.column(c.name()).format() : null;
        formatters[j] = formatter(c, pattern);
      }
      try {
        appender.append(block.rowCount(), (r, fields) -> {
          for (int j = 0; j < cols; j++) {
            fields[j] = formatters[j].format(r);
          }
        });
      } catch (IOException e) {
        throw Csv.unchecked(path, e);
      }
      rows += block.rowCount();
    }

    /** Rows appended so far. */
    public long rows() {
      return rows;
    }

    /** Bytes in the file so far (compressed, for a .gz file), give or take its buffers' contents. */
    public long bytesWritten() {
      return appender.bytesWritten();
    }

    /** Finishes the file and moves it over the target (a Parquet target: converts the rows into it). */
    public void commit() {
      try {
        if (parquet) {
          ParquetFiles.fromCsv(appender.finish(), header, schema, path);
          appender.close();
        } else {
          appender.commit();
        }
      } catch (IOException e) {
        throw Csv.unchecked(path, e);
      }
    }

    /** Deletes the temporary file unless {@link #commit()} moved it into place. */
    @Override
    public void close() {
      try {
        appender.close();
      } catch (IOException e) {
        throw Csv.unchecked(path, e);
      }
    }
  }

  /**
   * Splits a table at random into train ({@code round(trainFraction * rows)} rows) and holdout (the rest),
   * each keeping the original row order.
   */
  public static Split split(Table table, double trainFraction, long seed) {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("trainFraction must be in (0, 1). Provided value: " + trainFraction);
    }
    int n = table.rowCount();
    int nTrain = (int) Math.round(trainFraction * n);
    if (nTrain == 0 || nTrain == n) {
      throw new IllegalArgumentException(
          "split of " + n + " rows with trainFraction " + trainFraction + " leaves one side empty");
    }
    int[] perm = Permutation.of(n, new SplittableRandom(seed));
    int[] train = Arrays.copyOf(perm, nTrain);
    int[] holdout = Arrays.copyOfRange(perm, nTrain, n);
    Arrays.sort(train);
    Arrays.sort(holdout);
    return new Split(table.rows(train), table.rows(holdout));
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * Streams a CSV / CSV.gz ({@link Csv#stream}) or Parquet ({@link ParquetFiles#stream}) file, by its extension:
   * the checked header to {@code header}, then each row with its line; returns the header.
   */
  private static List<String> stream(Path path, Csv.RowSink rows, Consumer<List<String>> header) throws IOException {
    return ParquetFiles.isParquet(path) ? ParquetFiles.stream(path, rows, header)
        : Csv.stream(path, "table", rows, header);
  }

  private static InputFileException empty(String source) {
    return new InputFileException(source + ": the table is empty (a header but no data rows)", source, 0, null);
  }

  private static void checkHeader(String source, List<String> fileColumns, Schema schema) {
    var header = new HashSet<>(fileColumns);
    for (String name : schema.names()) {
      if (!header.contains(name)) {
        throw Csv.bad(source, 1, "the schema names column '" + name + "' which the file lacks; file"
            + " columns: " + fileColumns);
      }
    }
    for (String name : fileColumns) {
      if (!schema.contains(name)) {
        throw Csv.bad(source, 1, "file column '" + name + "' is not in the schema; schema columns: "
            + schema.names());
      }
    }
  }

  private static InputFileException bad(String source, int line, long r, ColumnSpec spec, String text, String what) {
    return new InputFileException(String.format(
        Locale.ROOT, "%s: line %d (row %d), column '%s': '%s' %s", source, line, r + 1,
        spec.name(), text.length() > 60 ? text.substring(0, 60) + "…" : text, what), source, line, spec.name());
  }

  /** A typed column filled a field at a time: row {@code r} (from 0) of the file, on physical line {@code line}. */
  private interface ColumnBuilder {
    void add(String text, long r, int line);

    Column<?> build();

    /** The builder that parses each field into {@code column} with {@code parser}. */
    static ColumnBuilder of(Column<?> column, FieldParser parser) {
      return new ColumnBuilder() {
        @Override
        public void add(String text, long r, int line) {
          parser.add(text, r, line);
        }

        @Override
        public Column<?> build() {
          return column;
        }
      };
    }
  }

  @FunctionalInterface
  private interface FieldParser {
    void add(String text, long r, int line);
  }

  private static ColumnBuilder builder(String source, ColumnSpec spec) {
    return switch (spec.kind()) {
      case CONTINUOUS -> {
        DoubleColumn c = DoubleColumn.create(spec.name());
        yield ColumnBuilder.of(c, (t, r, line) -> {
          if (t.isEmpty()) {
            c.appendMissing();
            return;
          }
          Double d = Cells.tryNumber(t);
          if (d == null) {
            throw bad(source, line, r, spec, t, "is not a number (column kind continuous)");
          }
          if (!Double.isFinite(d)) {
            throw bad(source, line, r, spec, t,
                "is not allowed: continuous values must be finite (leave the field empty for a missing value)");
          }
          if (Math.abs(d) > Cells.MAX_MAGNITUDE) {
            throw bad(source, line, r, spec, t, "is refused: " + Cells.tooLarge(d));
          }
          c.append(d);
        });
      }
      case INTEGER -> new IntegerBuilder(source, spec);
      case BOOLEAN -> {
        BooleanColumn c = BooleanColumn.create(spec.name());
        yield ColumnBuilder.of(c, (t, r, line) -> {
          if (t.isEmpty()) {
            c.appendMissing();
          } else if (t.equalsIgnoreCase("true") || t.equals("1")) {
            c.append(true);
          } else if (t.equalsIgnoreCase("false") || t.equals("0")) {
            c.append(false);
          } else {
            throw bad(source, line, r, spec, t, "is not a boolean (true/false or 1/0)");
          }
        });
      }
      case DATETIME -> {
        DateTimeFormatter f = DateTimes.formatter(spec.name(), spec.format());
        boolean dateOnly = DateTimes.isDateOnly(f);
        Column<?> c = dateOnly ? DateColumn.create(spec.name()) : DateTimeColumn.create(spec.name());
        yield ColumnBuilder.of(c, (t, r, line) -> {
          if (t.isEmpty()) {
            c.appendMissing();
            return;
          }
          try {
            var value = DateTimes.parse(t, f, dateOnly);
            if (dateOnly) {
              ((DateColumn) c).append(value.toLocalDate());
            } else {
              ((DateTimeColumn) c).append(value);
            }
          } catch (DateTimeParseException e) {
            throw bad(source, line, r, spec, t, "does not match the datetime pattern '" + spec.format() + "'");
          }
        });
      }
      default -> {
        StringColumn c = StringColumn.create(spec.name());
        var levels = spec.hasDeclaredLevels() ? new HashSet<>(spec.levels()) : null;
        yield ColumnBuilder.of(c, (t, r, line) -> {
          if (levels != null && !t.isEmpty() && !levels.contains(t)) {
            throw bad(source, line, r, spec, t, "is not one of the declared levels " + Cells.abbreviate(spec.levels()));
          }
          c.append(t);
        });
      }
    };
  }

  /** An integer column: ints while every value fits one, longs from the first that does not. */
  private static final class IntegerBuilder implements ColumnBuilder {
    private final String source;
    private final ColumnSpec spec;
    private IntColumn ints;
    private LongColumn longs;

    IntegerBuilder(String source, ColumnSpec spec) {
      this.source = source;
      this.spec = spec;
      this.ints = IntColumn.create(spec.name());
    }

    @Override
    public void add(String t, long r, int line) {
      if (t.isEmpty()) {
        if (longs == null) {
          ints.appendMissing();
        } else {
          longs.appendMissing();
        }
        return;
      }
      Long l = Cells.tryLong(t);
      if (l == null || l == Long.MIN_VALUE) {
        Double d = Cells.tryNumber(t);
        throw bad(source, line, r, spec, t, d != null && !Double.isFinite(d)
            ? "is not allowed: integer values must be finite (leave the field empty for a missing value)"
            : "is not an integer (column kind integer)");
      }
      if (longs == null && l > Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        ints.append((int) l.longValue());
        return;
      }
      if (longs == null) {
        longs = LongColumn.create(spec.name());
        for (int k = 0; k < ints.size(); k++) {
          if (ints.isMissing(k)) {
            longs.appendMissing();
          } else {
            longs.append(ints.getInt(k));
          }
        }
        ints = null;
      }
      longs.append(l);
    }

    @Override
    public Column<?> build() {
      return longs != null ? longs : ints;
    }
  }

  @FunctionalInterface
  private interface Formatter {
    String format(int row);
  }

  private static Formatter formatter(Column<?> c, String pattern) {
    if (c instanceof DoubleColumn d) {
      return r -> d.isMissing(r) ? "" : plain(d.getDouble(r));
    }
    if (c instanceof FloatColumn d) {
      return r -> d.isMissing(r) ? "" : plain(d.getDouble(r));
    }
    if (c instanceof LongColumn l) {
      return r -> l.isMissing(r) ? "" : Long.toString(l.getLong(r));
    }
    if (c instanceof IntColumn || c instanceof ShortColumn) {
      NumericColumn<?> num = (NumericColumn<?>) c;
      return r -> num.isMissing(r) ? "" : Long.toString((long) num.getDouble(r));
    }
    if (c instanceof BooleanColumn b) {
      return r -> b.isMissing(r) ? "" : b.get(r) ? "true" : "false";
    }
    if (c instanceof DateColumn d) {
      DateTimeFormatter f = pattern == null ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.ofPattern(pattern);
      return r -> d.isMissing(r) ? "" : f.format(d.get(r));
    }
    if (c instanceof DateTimeColumn d) {
      DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern == null ? ColumnSpec.DEFAULT_DATETIME_FORMAT : pattern);
      return r -> d.isMissing(r) ? "" : f.format(d.get(r));
    }
    if (c instanceof StringColumn s) {
      return r -> s.get(r);
    }
    return r -> c.isMissing(r) ? "" : c.getUnformattedString(r);
  }

  /** Plain decimal notation, shortest representation that reads back to the same double. */
  static String plain(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).toPlainString();
  }
}
