package org.dpcgan.core.internal.transform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.cells.DateTimes;
import org.dpcgan.core.internal.exec.ChunkWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
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
 * Turns table rows into the network's numbers and back (CTGAN's data transformer; Xu et al., "Modeling
 * tabular data using conditional GAN", NeurIPS 2019, §4.2 mode-specific normalisation).
 *
 * <p>Numeric columns (continuous, integer, datetime) get a {@link Vbgmm} mixture; a value x is encoded as
 * α = (x − μ<sub>k</sub>)/(4σ<sub>k</sub>) clipped to [−0.99, 0.99] followed by the one-hot of a mode k
 * sampled from its posterior, and, when the column has missing values, a [present, missing] one-hot.
 * The mode is sampled among the modes that keep |α| ≤ 0.99 whenever there is one, so every value within
 * 3.96 σ of some mode is encoded without clipping; values beyond every mode's reach (far tails such as
 * capital-gain = 99,999) are clipped, as in CTGAN. Discrete columns are one-hot with missing as an extra last
 * level; id columns are not encoded and decode to fresh row numbers.
 *
 * <p>Decoding takes the argmax mode, x = 4σα + μ, rounds integer columns, clamps to declared bounds and
 * formats datetimes. Two paths:
 *
 * <ul>
 *   <li>network path, {@link #transform} / {@link #inverse(float[], int)}: float, α clipped on encoding and
 *       clamped to [−1, 1] on decoding. An unclipped value comes back to within about
 *       4σ<sub>k</sub>·2<sup>−24</sup> (integers exactly while that is below 0.5);
 *   <li>lossless path, {@link #transformDouble} / {@link #inverse(double[], int)}: double, α neither
 *       clipped nor clamped, so every value comes back to within a few ulps (1e-6 relative is the tested
 *       promise), integers and categories exactly. {@link RoundTrip} uses it.
 * </ul>
 *
 * <p>The mode posterior uses the fitted point estimates (weights, means, stds), not the variational
 * predictive that scikit-learn's {@code predict_proba} uses; the two differ only in small-count modes.
 *
 * <p>Instances are immutable and thread-safe; randomness is passed in.
 */
public final class DataTransformer {

  private static final Logger LOG = LoggerFactory.getLogger(DataTransformer.class);

  private final List<ColumnModel> models;
  private final Layout layout;
  private final NumericCodec[] numeric; // by encoded column index, null for discrete
  private final Map<String, Integer>[] levelIndex; // by encoded column index, null for numeric

  private DataTransformer(List<ColumnModel> models) {
    this.models = List.copyOf(models);
    var names = new java.util.HashSet<String>();
    var columns = new ArrayList<ColumnLayout>();
    int offset = 0;
    for (ColumnModel m : this.models) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("column names must be distinct; '" + m.name() + "' repeats");
      }
      if (m instanceof IdColumnModel) {
        continue;
      }
      var spans = new ArrayList<OutputSpan>();
      int start = offset;
      if (m instanceof NumericColumnModel n) {
        spans.add(new OutputSpan(n.name(), OutputSpan.Kind.SCALAR, OutputSpan.Role.ALPHA, offset, 1));
        offset += 1;
        spans.add(new OutputSpan(n.name(), OutputSpan.Kind.ONE_HOT, OutputSpan.Role.MODE, offset, n.modes()));
        offset += n.modes();
        if (n.missingIndicator()) {
          spans.add(new OutputSpan(n.name(), OutputSpan.Kind.ONE_HOT, OutputSpan.Role.MISSING_INDICATOR, offset, 2));
          offset += 2;
        }
      } else if (m instanceof DiscreteColumnModel d) {
        spans.add(new OutputSpan(d.name(), OutputSpan.Kind.ONE_HOT, OutputSpan.Role.LEVEL, offset, d.categories()));
        offset += d.categories();
      }
      columns.add(new ColumnLayout(columns.size(), m, start, offset - start, spans));
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a transformer needs at least one non-id column; columns: " + names);
    }
    this.layout = new Layout(columns, offset);
    this.numeric = new NumericCodec[columns.size()];
    @SuppressWarnings("unchecked")
    Map<String, Integer>[] index = new Map[columns.size()];
    this.levelIndex = index;
    for (ColumnLayout c : columns) {
      if (c.model() instanceof NumericColumnModel n) {
        numeric[c.index()] = new NumericCodec(n);
      } else {
        var d = (DiscreteColumnModel) c.model();
        var map = new HashMap<String, Integer>();
        for (int i = 0; i < d.levels().size(); i++) {
          map.put(d.levels().get(i), i);
        }
        levelIndex[c.index()] = map;
      }
    }
  }

  /**
   * Fits a transformer to a table: a mixture per numeric column, the levels of each discrete column
   * (declared levels are used as given; values outside them are rejected).
   *
   * @throws IllegalArgumentException on an empty table, a column the schema and table disagree on, an
   *     infinite value, a discrete column with fewer than 2 or more than {@code maxLevels} categories
   */
  public static DataTransformer fit(Table table, Schema schema, TransformerOptions options, RandomGenerator rng) {
    Fitter fitter = fitter(schema, options, rng);
    fitter.add(table);   // checks the columns against the schema first
    if (table.rowCount() == 0) {
      throw new IllegalArgumentException("cannot fit a transformer to an empty table '" + table.name() + "' (0 rows)");
    }
    return fitter.finish(rng);
  }

  /**
   * A transformer fitted a chunk of rows at a time, as {@link #fit} fits a whole table: each discrete column's levels
   * and missing level from every row, each numeric column's missing indicator from every row and its mixture from
   * its values (a uniform sample of {@code options.maxFitRows()} of them, drawn with {@code sampling}, when there
   * are more). A table fitted in chunks gives the transformer it gives at once.
   */
  public static Fitter fitter(Schema schema, TransformerOptions options, RandomGenerator sampling) {
    return new Fitter(schema, options, sampling);
  }

  /** See {@link #fitter}. */
  public static final class Fitter {
    private final Schema schema;
    private final TransformerOptions options;
    private final RandomGenerator sampling;
    private final List<ColumnSpec> specs;
    private final boolean[] missing;
    private final List<TreeSet<String>> observed = new ArrayList<>();      // undeclared discrete columns: levels seen
    private final List<java.util.Set<String>> declared = new ArrayList<>(); // declared discrete columns: their levels
    private final double[][] values;   // numeric columns: their values, or a reservoir of maxFitRows of them
    private final long[] seen;         // numeric columns: non-missing values so far
    private long rows;

    private Fitter(Schema schema, TransformerOptions options, RandomGenerator sampling) {
      this.schema = Objects.requireNonNull(schema, "schema");
      this.options = Objects.requireNonNull(options, "options");
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      this.specs = schema.columns();
      this.missing = new boolean[specs.size()];
      this.values = new double[specs.size()][];
      this.seen = new long[specs.size()];
      for (int k = 0; k < specs.size(); k++) {
        ColumnSpec spec = specs.get(k);
        boolean discrete = spec.kind().isDiscrete();
        boolean known = !spec.knownLevels().isEmpty();
        observed.add(discrete && !known ? new TreeSet<>(Cells.LEVEL_ORDER) : null);
        declared.add(discrete && known ? new java.util.HashSet<>(spec.knownLevels()) : null);
        values[k] = discrete || spec.kind() == ColumnKind.ID ? null : new double[1024];
      }
    }

    /** Reads the rows of {@code chunk}, a table of the schema's columns. */
    public void add(Table chunk) {
      checkColumns(chunk, schema, rows);
      for (int k = 0; k < specs.size(); k++) {
        ColumnSpec spec = specs.get(k);
        Column<?> column = chunk.column(spec.name());
        if (spec.kind() == ColumnKind.ID) {
          continue;
        }
        for (int r = 0; r < column.size(); r++) {
          if (values[k] != null) {
            addValue(k, numericValue(spec, column, r));
            continue;
          }
          String v = discreteValue(spec, column, r);
          if (v == null) {
            missing[k] = true;
          } else if (declared.get(k) != null) {
            if (!declared.get(k).contains(v)) {
              throw new IllegalArgumentException("column '" + spec.name() + "', row " + (rows + r + 1) + ": value '"
                  + v + "' is not one of the declared levels " + Cells.abbreviate(spec.levels()));
            }
          } else {
            observed.get(k).add(v);   // all of them, so that a column over the limit is reported with its true count
          }
        }
      }
      rows += chunk.rowCount();
    }

    /** Keeps value {@code v} of numeric column {@code k}: every one up to maxFitRows, then a uniform reservoir. */
    private void addValue(int k, double v) {
      if (Double.isNaN(v)) {
        missing[k] = true;
        return;
      }
      long i = seen[k]++;
      int cap = options.maxFitRows();
      if (i < cap) {
        if (i == values[k].length) {
          values[k] = Arrays.copyOf(values[k], (int) Math.min(cap, 2L * values[k].length));
        }
        values[k][(int) i] = v;
      } else {
        long j = sampling.nextLong(i + 1);
        if (j < cap) {
          values[k][(int) j] = v;
        }
      }
    }

    /** The transformer of the rows read, its mixtures fitted with {@code rng}. */
    public DataTransformer finish(RandomGenerator rng) {
      if (rows == 0) {
        throw new IllegalArgumentException("cannot fit a transformer to an empty table (0 rows)");
      }
      var models = new ArrayList<ColumnModel>();
      for (int k = 0; k < specs.size(); k++) {
        ColumnSpec spec = specs.get(k);
        if (spec.kind() == ColumnKind.ID) {
          models.add(new IdColumnModel(spec.name()));
        } else if (values[k] == null) {
          List<String> levels = observed.get(k) != null ? new ArrayList<>(observed.get(k)) : spec.knownLevels();
          int categories = levels.size() + (missing[k] ? 1 : 0);
          if (categories > options.maxLevels()) {
            throw tooManyLevels(spec.name(), categories, options.maxLevels());
          }
          models.add(new DiscreteColumnModel(spec.name(), spec.kind(), levels, missing[k]));
        } else {
          if (seen[k] == 0) {
            throw new IllegalArgumentException("column '" + spec.name() + "' has no non-missing values");
          }
          double[] fitted = Arrays.copyOf(values[k], (int) Math.min(seen[k], options.maxFitRows()));
          GaussianMixture mixture = Vbgmm.fit(fitted, options.mixture(), rng);
          models.add(new NumericColumnModel(spec.name(), spec.kind(), mixture, missing[k], spec.lower(), spec.upper(),
              spec.format()));
        }
      }
      var transformer = new DataTransformer(models);
      LOG.info("fitted data transformer: {} columns, encoded width {}", models.size(), transformer.layout.width());
      return transformer;
    }
  }


  /**
   * Builds a transformer from supplied column models (public or noisy metadata; no table is read). This
   * is the DP path: mixtures come from {@link Vbgmm#fitHistogram} on noisy histograms, levels from noisy
   * category sets.
   */
  public static DataTransformer fromModels(List<ColumnModel> models) {
    return new DataTransformer(models);
  }

  /** Rebuilds a transformer from its serialised description. */
  public static DataTransformer fromDescription(TransformerDescription description) {
    return new DataTransformer(description.columns());
  }

  /** The serialisable description: column models only, no training rows. */
  public TransformerDescription describe() {
    return new TransformerDescription(TransformerDescription.CURRENT_VERSION, models);
  }

  /** The column models in table order (id columns included). */
  public List<ColumnModel> columnModels() {
    return models;
  }

  /** The codec of encoded numeric column {@code index} (null for a discrete one). */
  NumericCodec codec(int index) {
    return numeric[index];
  }

  /** The encoded layout. */
  public Layout layout() {
    return layout;
  }

  /**
   * Encodes every row once, as the network reads it (α clipped), and keeps the rows compactly for training; modes
   * are sampled with {@code rng}.
   */
  public TrainingRows encode(Table table, RandomGenerator rng) {
    TrainingRows rows = emptyRows(table.rowCount());
    encodeInto(rows, 0, table, rng);
    return rows;
  }

  /** Room for {@code rows} encoded rows, filled a chunk at a time by {@link #encodeInto}. */
  public TrainingRows emptyRows(int rows) {
    return new TrainingRows(layout, rows);
  }

  /**
   * Encodes {@code chunk} as {@link #encode} does into {@code rows} from row {@code firstRow} on. Rows are encoded
   * one after another, so a table encoded chunk by chunk with one {@code rng} equals the table encoded at once.
   */
  public void encodeInto(TrainingRows rows, int firstRow, Table chunk, RandomGenerator rng) {
    if (firstRow < 0 || firstRow > rows.rows() - chunk.rowCount()) {
      throw new IllegalArgumentException("a chunk of " + chunk.rowCount() + " rows from row " + firstRow
          + " does not fit " + rows.rows() + " rows");
    }
    encode(chunk, rng, rows.sink(firstRow), true, firstRow);
  }

  /** {@link #encode} expanded into one float matrix (the network's input for small tables and tests). */
  public EncodedMatrix transform(Table table, RandomGenerator rng) {
    return encode(table, rng).dense();
  }

  /**
   * Encodes every row in double precision (row-major, width {@code layout().width()}) without clipping α:
   * the lossless representation behind round-trip checks ({@link RoundTrip}); not network input (a value
   * beyond every mode's reach gets |α| &gt; 0.99 here, where {@link #transform} clips it).
   */
  public double[] transformDouble(Table table, RandomGenerator rng) {
    int width = layout.width();
    double[] out = new double[Math.multiplyExact(table.rowCount(), width)];
    encode(table, rng, (r, p, v) -> out[r * width + p] = v, false);
    return out;
  }

  /**
   * Decodes generator output (after heads: tanh α, one-hot or softmax groups) into a table with the original
   * columns: argmax mode and category, α clamped to [−1, 1].
   */
  public Table inverse(float[] data, int rows) {
    return inverse(data, rows, 1);
  }

  /** {@link #inverse(float[], int)} with the rows, then the columns, decoded on up to {@code threads} threads. */
  public Table inverse(float[] data, int rows, int threads) {
    checkShape(data.length, rows);
    Decoder decoder = decoder(rows);
    int parts = Math.max(1, Math.min(threads, rows));
    ChunkWorkers.run(parts, parts, p -> {
      int from = (int) ((long) rows * p / parts);
      int to = (int) ((long) rows * (p + 1) / parts);
      decoder.decodeRows(i -> data[i], from, to - from, from, true);
    });
    return decoder.table(threads);
  }

  /**
   * A decoder of {@code rows} rows that are decoded a chunk at a time ({@link Decoder#decode}), from several
   * threads at once if their row ranges are disjoint, and then made into a table once ({@link Decoder#table}):
   * sampling decodes each chunk as it is generated instead of holding every encoded row, and decodes it while it is
   * in cache.
   */
  public Decoder decoder(int rows) {
    return decoder(rows, 0);
  }

  /**
   * {@link #decoder(int)} for rows that continue a table of {@code rowsBefore} rows decoded earlier (a block of a
   * streamed sample): an id column numbers its rows from {@code rowsBefore + 1}.
   */
  public Decoder decoder(int rows, long rowsBefore) {
    if (rows < 0 || rowsBefore < 0) {
      throw new IllegalArgumentException("decoder: rows and rowsBefore must be >= 0. Provided: " + rows + ", "
          + rowsBefore);
    }
    return new Decoder(this, rows, rowsBefore);
  }

  /**
   * Decodes double-precision encoded rows into a table with the original columns. α is used as given (not
   * clamped to [−1, 1]), so the output of {@link #transformDouble} decodes losslessly.
   */
  public Table inverse(double[] data, int rows) {
    checkShape(data.length, rows);
    Decoder decoder = decoder(rows);
    decoder.decodeRows(i -> data[i], 0, rows, 0, false);
    return decoder.table(1);
  }

  /** Decodes an encoded matrix. */
  public Table inverse(EncodedMatrix m) {
    if (m.width() != layout.width()) {
      throw new IllegalArgumentException(
          "inverse: encoded width must be " + layout.width() + ". Provided: " + m.width());
    }
    return inverse(m.data(), m.rows());
  }

  @Override
  public String toString() {
    return "DataTransformer[" + layout.columns().size() + " encoded columns, width=" + layout.width() + "]";
  }

  // ---------------------------------------------------------------------------------------------------
  // fitting

  /**
   * The table has exactly the schema's columns, and no missing cell in a column the schema declares complete.
   *
   * @throws IllegalArgumentException naming the first mismatch
   */
  public static void checkColumns(Table table, Schema schema) {
    checkColumns(table, schema, 0);
  }

  /** {@link #checkColumns(Table, Schema)} of a chunk whose first row is row {@code firstRow} of its table. */
  public static void checkColumns(Table table, Schema schema, long firstRow) {
    var names = table.columnNames();
    for (ColumnSpec spec : schema.columns()) {
      if (!names.contains(spec.name())) {
        throw new IllegalArgumentException(
            "the schema names column '" + spec.name() + "' which the table lacks; table columns: " + names);
      }
    }
    for (String name : names) {
      if (!schema.contains(name)) {
        throw new IllegalArgumentException(
            "table column '" + name + "' is not in the schema; schema columns: " + schema.names());
      }
    }
    for (ColumnSpec spec : schema.columns()) {
      if (!spec.complete()) {
        continue;
      }
      Column<?> column = table.column(spec.name());
      for (int r = 0; r < column.size(); r++) {
        if (column.isMissing(r)) {
          throw new IllegalArgumentException("column '" + spec.name() + "', row " + (firstRow + r + 1)
              + " is missing, but the"
              + " schema declares the column without missing values (a sidecar's missing = 0). Allowed: declare"
              + " missing empty or as a count, or fill the cell");
        }
      }
    }
  }

  public static IllegalArgumentException tooManyLevels(String name, int count, int limit) {
    return new IllegalArgumentException(
        "column '" + name + "' has " + count + " categories (missing included), more than the limit of " + limit
            + ". If it identifies rows, declare it as id in the schema (it is then left out); otherwise raise the"
            + " limit to at least " + count + ": --max-categories " + count + " on the command line,"
            + " Synthesizer.Builder.maxCategories(" + count + ") in code");
  }

  /** The level string of a discrete cell, or null when missing. */
  private static String discreteValue(ColumnSpec spec, Column<?> column, int r) {
    return discreteValue(spec.name(), spec.kind(), column, r);
  }

  public static String discreteValue(String name, ColumnKind kind, Column<?> column, int r) {
    if (column.isMissing(r)) {
      return null;
    }
    if (column instanceof StringColumn s) {
      return s.get(r);
    }
    if (kind == ColumnKind.BOOLEAN && column instanceof BooleanColumn b) {
      return b.get(r) ? "true" : "false";
    }
    throw new IllegalArgumentException(
        "column '" + name + "' is " + kind.label() + " and must be a string"
            + (kind == ColumnKind.BOOLEAN ? " or boolean" : "") + " column; it is " + column.type().name());
  }

  /** The numeric value of a cell (datetime: epoch seconds), NaN when missing; ±∞ rejected. */
  private static double numericValue(ColumnSpec spec, Column<?> column, int r) {
    return numericValue(spec.name(), spec.kind(), column, r);
  }

  public static double numericValue(String name, ColumnKind kind, Column<?> column, int r) {
    if (column.isMissing(r)) {
      return Double.NaN;
    }
    double v;
    if (kind == ColumnKind.DATETIME) {
      if (column instanceof DateTimeColumn dt) {
        v = DateTimes.toEpochSeconds(dt.get(r));
      } else if (column instanceof DateColumn d) {
        v = DateTimes.toEpochSeconds(d.get(r).atStartOfDay());
      } else {
        throw new IllegalArgumentException(
            "column '" + name + "' is datetime and must be a date or date-time column; it is " + column.type().name());
      }
    } else if (column instanceof NumericColumn<?> num) {
      v = num.getDouble(r);
    } else {
      throw new IllegalArgumentException(
          "column '" + name + "' is " + kind.label() + " and must be a numeric column; it is " + column.type().name());
    }
    if (Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "column '" + name + "', row " + (r + 1) + ": values must be finite. Provided value: " + v);
    }
    if (Math.abs(v) > Cells.MAX_MAGNITUDE) {
      throw new IllegalArgumentException("column '" + name + "', row " + (r + 1) + ": " + Cells.tooLarge(v));
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------------
  // encoding

  private void encode(Table table, RandomGenerator rng, EncodedRows.Sink sink, boolean clip) {
    encode(table, rng, sink, clip, 0);
  }

  /** {@link #encode} of a chunk whose row 0 is row {@code firstRow} of its table (for messages). */
  private void encode(Table table, RandomGenerator rng, EncodedRows.Sink sink, boolean clip, long firstRow) {
    int rows = table.rowCount();
    var names = table.columnNames();
    for (ColumnLayout c : layout.columns()) {
      if (!names.contains(c.name())) {
        throw new IllegalArgumentException(
            "transform: the table lacks column '" + c.name() + "'; table columns: " + names);
      }
    }
    // Row-major so that one row's draws happen together: the encoding of a row depends only on rng order.
    Column<?>[] columns = new Column<?>[layout.columns().size()];
    for (ColumnLayout c : layout.columns()) {
      columns[c.index()] = table.column(c.name());
    }
    int maxModes = 1;
    for (NumericCodec codec : numeric) {
      maxModes = codec == null ? maxModes : Math.max(maxModes, codec.modes);
    }
    double[] scratch = new double[maxModes];
    for (int r = 0; r < rows; r++) {
      for (ColumnLayout c : layout.columns()) {
        Column<?> column = columns[c.index()];
        ColumnModel m = c.model();
        if (m instanceof NumericColumnModel n) {
          double x = numericValue(n.name(), n.kind(), column, r);
          numeric[c.index()].encode(x, c.offset(), sink, rng, scratch, r, clip);
        } else {
          var d = (DiscreteColumnModel) m;
          String v = discreteValue(d.name(), d.kind(), column, r);
          int category;
          if (v == null) {
            if (!d.missingLevel()) {
              throw new IllegalArgumentException(
                  "transform: column '" + d.name() + "', row " + (firstRow + r + 1)
                      + " is missing, but the transformer was fitted without a missing level");
            }
            category = d.levels().size();
          } else {
            Integer idx = levelIndex[c.index()].get(v);
            if (idx == null) {
              throw new IllegalArgumentException(
                  "transform: column '" + d.name() + "', row " + (firstRow + r + 1) + ": value '" + v
                      + "' is not one of the fitted levels " + Cells.abbreviate(d.levels()));
            }
            category = idx;
          }
          sink.put(r, c.offset() + category, 1.0);
        }
      }
    }
  }

  /**
   * The category index of every row in a discrete column (missing level = {@code levels.size()}), read from
   * a table with the same validation as {@link #transform}.
   */
  public int[] categoryIndices(Table table, ColumnLayout c) {
    var d = (DiscreteColumnModel) c.model();
    Column<?> column = table.column(d.name());
    int rows = table.rowCount();
    int[] out = new int[rows];
    Map<String, Integer> index = levelIndex[c.index()];
    for (int r = 0; r < rows; r++) {
      String v = discreteValue(d.name(), d.kind(), column, r);
      if (v == null) {
        if (!d.missingLevel()) {
          throw new IllegalArgumentException(
              "column '" + d.name() + "', row " + (r + 1) + " is missing, but the transformer has no missing level");
        }
        out[r] = d.levels().size();
      } else {
        Integer idx = index.get(v);
        if (idx == null) {
          throw new IllegalArgumentException(
              "column '" + d.name() + "', row " + (r + 1) + ": value '" + v + "' is not one of the fitted levels "
                  + Cells.abbreviate(d.levels()));
        }
        out[r] = idx;
      }
    }
    return out;
  }

  /**
   * Per row, whether some numeric value lies beyond 0.99·4σ of every mode, so that {@link #transform}
   * clips its α (CTGAN does the same); such values do not come back exactly from the network encoding.
   */
  boolean[] clippedRows(Table table) {
    int rows = table.rowCount();
    boolean[] out = new boolean[rows];
    for (ColumnLayout c : layout.columns()) {
      if (c.model() instanceof NumericColumnModel n) {
        Column<?> column = table.column(n.name());
        for (int r = 0; r < rows; r++) {
          double x = numericValue(n.name(), n.kind(), column, r);
          if (!Double.isNaN(x) && numeric[c.index()].clipped(x)) {
            out[r] = true;
          }
        }
      }
    }
    return out;
  }

  private void checkShape(int length, int rows) {
    if (rows < 0 || (long) rows * layout.width() != length) {
      throw new IllegalArgumentException(
          "inverse: data must have rows * " + layout.width() + " entries. Provided: rows=" + rows + ", length="
              + length);
    }
  }

}
