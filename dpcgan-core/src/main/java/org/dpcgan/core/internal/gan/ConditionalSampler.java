package org.dpcgan.core.internal.gan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.transform.ColumnLayout;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.OutputSpan;
import org.dpcgan.core.internal.transform.TrainingRows;
import tech.tablesaw.api.Table;

/**
 * Condition vectors and training-by-sampling.
 *
 * <p>{@link Mode#SINGLE} is CTGAN's (Xu et al., "Modeling tabular data using conditional GAN", NeurIPS
 * 2019, §4.3): pick a discrete column uniformly, a category with probability proportional to
 * log(1 + count), and a real row uniformly among those that carry it; the condition vector is the
 * concatenation of every discrete column's one-hot, with one hot bit. {@link Mode#PAIR} is DP-CGAN's
 * (Torkzadehmahani, Kairouz, Paten, "DP-CGAN: differentially private synthetic data and label
 * generation", CVPR Workshops 2019, as used for tabular data by the reference design): pick a pair of
 * discrete columns uniformly, a joint category pair with probability proportional to log(1 + joint count),
 * and a real row carrying both; two hot bits. Pairs and their categories are explicit index pairs, and
 * every offset is computed from the {@link Layout}.
 *
 * <p>Counts come from a table ({@link #fromTable}, which also indexes rows for {@link #sampleRows}) or are
 * supplied ({@link #fromCounts}, e.g. noisy DP histograms; negative counts are treated as 0), in which case
 * only conditions can be sampled. Immutable and thread-safe; randomness is passed in.
 */
public final class ConditionalSampler {

  /** How many discrete columns a condition names. */
  public enum Mode {
    /** One column, one hot bit (CTGAN). */
    SINGLE,
    /** Two columns, two hot bits (DP-CGAN). */
    PAIR
  }

  /**
   * A discrete column as the sampler sees it.
   *
   * @param index position among the discrete columns
   * @param name column name
   * @param conditionOffset first index of its one-hot in the condition vector
   * @param dataOffset first index of its level span in the encoded row
   * @param categories number of categories (missing level included)
   */
  public record DiscreteColumn(int index, String name, int conditionOffset, int dataOffset, int categories) {
    @Override
    public String toString() {
      return name + "[cond " + conditionOffset + ", data " + dataOffset + ", " + categories + "]";
    }
  }

  /**
   * A pair of discrete columns, {@code first < second} (indices among the discrete columns).
   *
   * @param first first column index
   * @param second second column index
   */
  public record ColumnPair(int first, int second) {
    public ColumnPair {
      if (first < 0 || second <= first) {
        throw new IllegalArgumentException("a column pair needs 0 <= first < second. Provided: " + first + ", " + second);
      }
    }
  }

  /**
   * A batch of sampled conditions. Vectors are row-major [batch, width]; for each row the chosen column(s)
   * and category(ies); in single mode {@code secondColumn} and {@code secondCategory} are −1.
   *
   * @param batch number of rows B
   * @param width condition width K
   * @param vectors the condition vectors, length {@code batch * width}
   * @param firstColumn discrete column index of the first hot bit, per row
   * @param firstCategory category of the first hot bit, per row
   * @param secondColumn discrete column index of the second hot bit, or −1
   * @param secondCategory category of the second hot bit, or −1
   * @param discreteColumns number of discrete columns (width of {@link #mask()})
   */
  public record Conditions(
      int batch, int width, float[] vectors, int[] firstColumn, int[] firstCategory, int[] secondColumn,
      int[] secondCategory, int discreteColumns) {

    /** Row-major [batch, discreteColumns] with 1 at the chosen column(s): which columns the loss covers. */
    public float[] mask() {
      float[] m = new float[batch * discreteColumns];
      for (int b = 0; b < batch; b++) {
        m[b * discreteColumns + firstColumn[b]] = 1;
        if (secondColumn[b] >= 0) {
          m[b * discreteColumns + secondColumn[b]] = 1;
        }
      }
      return m;
    }

    @Override
    public String toString() {
      return "Conditions[" + batch + " x " + width + "]";
    }
  }

  private final Mode mode;
  private final List<DiscreteColumn> columns;
  private final List<List<String>> levels; // per discrete column
  private final int width;
  private final List<ColumnPair> pairs;
  private final double[][] columnCdf; // per column, cumulative log(1 + count)
  private final double[][] columnEmpiricalCdf; // per column, cumulative count
  private final double[][] pairEmpiricalCdf; // per pair, cumulative joint count
  private final RowCategories rowCategories; // the rows' categories (null without rows)
  private final double[][] pairCdf; // per pair, cumulative over cells a * categories(second) + b
  private final double[][] columnCounts; // per column, the counts as given (negative values as 0)
  private final double[][] pairCounts; // per pair, the joint counts as given (negative values as 0)
  private RowIndex rowIndex; // built on the first sampleRows: DP training never needs it (guarded by this)

  /**
   * The rows of each category and of each pair cell, in CSR form: per column (or pair) the starts by category (or
   * cell) and the row numbers.
   */
  private record RowIndex(int[][] columnRowStart, int[][] columnRows, int[][] pairRowStart, int[][] pairRows) {}

  /** The category of every training row in every discrete column (indexed as {@link #columns()}). */
  public interface RowCategories {
    /** Number of rows. */
    int rows();

    /** The category of row {@code row} in discrete column {@code column}, the missing level last. */
    int category(int column, int row);
  }

  private ConditionalSampler(
      Mode mode, Layout layout, double[][] columnCounts, double[][] pairCounts, RowCategories rowCategories) {
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
    this.columns = discreteColumns(layout);
    this.levels = layout.discreteColumns().stream().map(c -> ((DiscreteColumnModel) c.model()).levels()).toList();
    int d = columns.size();
    if (d == 0) {
      throw new IllegalArgumentException("conditional sampling needs at least one discrete column; the layout has none");
    }
    if (mode == Mode.PAIR && d < 2) {
      throw new IllegalArgumentException(
          "pair conditioning needs at least 2 discrete columns; the layout has " + d + ": " + names());
    }
    DiscreteColumn last = columns.get(d - 1);
    this.width = last.conditionOffset() + last.categories();
    var pairList = new ArrayList<ColumnPair>();
    if (mode == Mode.PAIR) {
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++) {
          pairList.add(new ColumnPair(i, j));
        }
      }
    }
    this.pairs = List.copyOf(pairList);
    columnCdf = new double[d][];
    columnEmpiricalCdf = new double[d][];
    for (int i = 0; i < d; i++) {
      columnCdf[i] = cdf(columnCounts[i], columns.get(i).name(), true);
      columnEmpiricalCdf[i] = cdf(columnCounts[i], columns.get(i).name(), false);
    }
    pairCdf = new double[pairs.size()][];
    pairEmpiricalCdf = new double[pairs.size()][];
    for (int p = 0; p < pairs.size(); p++) {
      ColumnPair pair = pairs.get(p);
      String what = columns.get(pair.first()).name() + " × " + columns.get(pair.second()).name();
      pairCdf[p] = cdf(pairCounts[p], what, true);
      pairEmpiricalCdf[p] = cdf(pairCounts[p], what, false);
    }
    this.rowCategories = rowCategories;
    this.columnCounts = nonNegativeCopy(columnCounts, d);
    this.pairCounts = nonNegativeCopy(pairCounts, pairs.size());
  }

  /** The row index, built on first use (its ints per row and per pair outweigh the table in pair mode). */
  private synchronized RowIndex rowIndex() {
    if (rowIndex == null) {
      int d = columns.size();
      int[][] columnRowStart = new int[d][];
      int[][] columnRows = new int[d][];
      int n = rowCategories.rows();
      for (int i = 0; i < d; i++) {
        int column = i;
        int[][] csr = bucket(n, r -> rowCategories.category(column, r), columns.get(i).categories());
        columnRowStart[i] = csr[0];
        columnRows[i] = csr[1];
      }
      int[][] pairRowStart = new int[pairs.size()][];
      int[][] pairRows = new int[pairs.size()][];
      for (int p = 0; p < pairs.size(); p++) {
        ColumnPair pair = pairs.get(p);
        int cb = columns.get(pair.second()).categories();
        int[][] csr = bucket(n, r -> rowCategories.category(pair.first(), r) * cb
            + rowCategories.category(pair.second(), r), columns.get(pair.first()).categories() * cb);
        pairRowStart[p] = csr[0];
        pairRows[p] = csr[1];
      }
      rowIndex = new RowIndex(columnRowStart, columnRows, pairRowStart, pairRows);
    }
    return rowIndex;
  }

  /**
   * Counts categories and joint categories in a table and indexes its rows (for {@link #sampleRows}).
   * The table must be one the transformer can encode.
   */
  public static ConditionalSampler fromTable(DataTransformer transformer, Table table, Mode mode) {
    List<ColumnLayout> layouts = transformer.layout().discreteColumns();
    int[][] categoryOfRow = new int[layouts.size()][];
    for (int i = 0; i < categoryOfRow.length; i++) {
      categoryOfRow[i] = transformer.categoryIndices(table, layouts.get(i));
    }
    return fromRows(transformer.layout(), new RowCategories() {
      @Override
      public int rows() {
        return table.rowCount();
      }

      @Override
      public int category(int column, int row) {
        return categoryOfRow[column][row];
      }
    }, mode);
  }

  /**
   * Counts categories and joint categories of the encoded training rows and indexes them (for {@link #sampleRows}),
   * reading each row's category from {@code rows}' codes: no copy of the table.
   */
  public static ConditionalSampler fromRows(Layout layout, TrainingRows rows, Mode mode) {
    int[] at = layout.discreteColumns().stream().mapToInt(ColumnLayout::index).toArray();
    return fromRows(layout, new RowCategories() {
      @Override
      public int rows() {
        return rows.rows();
      }

      @Override
      public int category(int column, int row) {
        return rows.category(at[column], row);
      }
    }, mode);
  }

  private static ConditionalSampler fromRows(Layout layout, RowCategories rows, Mode mode) {
    int n = rows.rows();
    if (n == 0) {
      throw new IllegalArgumentException("conditional sampler: the table is empty (0 rows)");
    }
    List<DiscreteColumn> columns = discreteColumns(layout);
    int d = columns.size();
    double[][] counts = new double[d][];
    for (int i = 0; i < d; i++) {
      counts[i] = new double[columns.get(i).categories()];
      for (int r = 0; r < n; r++) {
        counts[i][rows.category(i, r)]++;
      }
    }
    List<double[]> pairCounts = new ArrayList<>();
    if (mode == Mode.PAIR) {
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++) {
          int cb = columns.get(j).categories();
          double[] joint = new double[columns.get(i).categories() * cb];
          for (int r = 0; r < n; r++) {
            joint[rows.category(i, r) * cb + rows.category(j, r)]++;
          }
          pairCounts.add(joint);
        }
      }
    }
    return new ConditionalSampler(mode, layout, counts, pairCounts.toArray(new double[0][]), rows);
  }

  /**
   * Builds a sampler from supplied counts (public or noisy; negative values count as 0) without reading
   * rows: {@code columnCounts[i][c]} per discrete column and category, and in pair mode
   * {@code pairCounts[p][a * categories(second) + b]} for each pair of {@link #pairs()} order (i &lt; j,
   * lexicographic). {@link #sampleRows} is then unavailable.
   */
  public static ConditionalSampler fromCounts(Layout layout, Mode mode, double[][] columnCounts, double[][] pairCounts) {
    List<DiscreteColumn> columns = discreteColumns(layout);
    int d = columns.size();
    if (columnCounts == null || columnCounts.length != d) {
      throw new IllegalArgumentException(
          "columnCounts must have one array per discrete column (" + d + "). Provided: "
              + (columnCounts == null ? "null" : columnCounts.length));
    }
    for (int i = 0; i < d; i++) {
      if (columnCounts[i] == null || columnCounts[i].length != columns.get(i).categories()) {
        throw new IllegalArgumentException(
            "columnCounts[" + i + "] (column '" + columns.get(i).name() + "') must have "
                + columns.get(i).categories() + " entries. Provided: "
                + (columnCounts[i] == null ? "null" : columnCounts[i].length));
      }
    }
    double[][] pc = new double[0][];
    if (mode == Mode.PAIR) {
      int expected = d * (d - 1) / 2;
      if (pairCounts == null || pairCounts.length != expected) {
        throw new IllegalArgumentException(
            "pairCounts must have one table per column pair (" + expected + "). Provided: "
                + (pairCounts == null ? "null" : pairCounts.length));
      }
      int p = 0;
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++, p++) {
          int cells = columns.get(i).categories() * columns.get(j).categories();
          if (pairCounts[p] == null || pairCounts[p].length != cells) {
            throw new IllegalArgumentException(
                "pairCounts[" + p + "] (" + columns.get(i).name() + " × " + columns.get(j).name() + ") must have "
                    + cells + " entries. Provided: " + (pairCounts[p] == null ? "null" : pairCounts[p].length));
          }
        }
      }
      pc = pairCounts;
    }
    return new ConditionalSampler(mode, layout, columnCounts, pc, null);
  }

  private static List<DiscreteColumn> discreteColumns(Layout layout) {
    var out = new ArrayList<DiscreteColumn>();
    int offset = 0;
    for (ColumnLayout c : layout.discreteColumns()) {
      OutputSpan span = c.levelSpan();
      out.add(new DiscreteColumn(out.size(), c.name(), offset, span.offset(), span.width()));
      offset += span.width();
    }
    return out;
  }

  /** The conditioning mode. */
  public Mode mode() {
    return mode;
  }

  /** The discrete columns in condition-vector order. */
  public List<DiscreteColumn> columns() {
    return columns;
  }

  /** The condition width K. */
  public int conditionWidth() {
    return width;
  }

  /** The column pairs in pair mode (i &lt; j, lexicographic); empty in single mode. */
  public List<ColumnPair> pairs() {
    return pairs;
  }

  /** True when rows were indexed ({@link #fromTable}), so {@link #sampleRows} works. */
  public boolean hasRows() {
    return rowCategories != null;
  }

  /**
   * Samples {@code batch} conditions for training: column (or pair) uniformly, category with probability
   * ∝ log(1 + count) (training-by-sampling).
   */
  public Conditions sampleConditions(int batch, RandomGenerator rng) {
    return sample(batch, rng, columnCdf, pairCdf);
  }

  /**
   * Samples {@code batch} conditions for generation: column (or pair) uniformly, category with probability
   * ∝ count, so that unconditioned samples follow the data's frequencies (CTGAN's
   * {@code sample_original_condvec}).
   */
  public Conditions sampleEmpiricalConditions(int batch, RandomGenerator rng) {
    return sample(batch, rng, columnEmpiricalCdf, pairEmpiricalCdf);
  }

  /**
   * Conditions taken from given real rows (DESIGN.md §4: in DP training the rows are sampled first and each
   * row's condition comes from the row itself, so conditioning never changes which rows are read): per row
   * a column (or pair) uniformly, with the row's own category (or categories). Row b's column is chosen by
   * {@code choices[b]}, a uniform draw in [0, 1) of that row's own (in DP training, row-keyed secret randomness).
   */
  public Conditions conditionsOfRows(int[] rows, double[] choices) {
    if (!hasRows()) {
      throw new IllegalStateException("this sampler was built from counts and has no rows; use fromTable");
    }
    int batch = rows.length;
    if (batch < 1) {
      throw new IllegalArgumentException("rows must not be empty");
    }
    if (choices == null || choices.length != batch) {
      throw new IllegalArgumentException("conditionsOfRows needs one choice per row (" + batch + "). Provided: "
          + (choices == null ? "null" : choices.length + " choices"));
    }
    float[] vectors = new float[batch * width];
    int[] c1 = new int[batch];
    int[] k1 = new int[batch];
    int[] c2 = new int[batch];
    int[] k2 = new int[batch];
    int n = rowCategories.rows();
    for (int b = 0; b < batch; b++) {
      int r = rows[b];
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException("row indices must be in [0, " + n + "). Provided value: " + r);
      }
      if (mode == Mode.SINGLE) {
        c1[b] = pick(choices[b], columns.size());
        c2[b] = -1;
        k2[b] = -1;
      } else {
        ColumnPair pair = pairs.get(pick(choices[b], pairs.size()));
        c1[b] = pair.first();
        c2[b] = pair.second();
        k2[b] = rowCategories.category(c2[b], r);
        vectors[b * width + columns.get(c2[b]).conditionOffset() + k2[b]] = 1;
      }
      k1[b] = rowCategories.category(c1[b], r);
      vectors[b * width + columns.get(c1[b]).conditionOffset() + k1[b]] = 1;
    }
    return new Conditions(batch, width, vectors, c1, k1, c2, k2, columns.size());
  }

  /** ⌊u·n⌋ for u in [0, 1), as an index below n. */
  private static int pick(double u, int n) {
    if (!(u >= 0 && u < 1)) {
      throw new IllegalArgumentException("choices must be in [0, 1). Provided value: " + u);
    }
    return Math.min(n - 1, (int) (u * n));
  }

  /** The per-column category counts (negative values as 0), a copy: {@code [column][category]}. */
  public double[][] columnCounts() {
    return deepCopy(columnCounts);
  }

  /**
   * The per-pair joint counts in {@link #pairs()} order (cell {@code a * categories(second) + b}), a copy;
   * empty in single mode.
   */
  public double[][] pairCounts() {
    return deepCopy(pairCounts);
  }

  private Conditions sample(int batch, RandomGenerator rng, double[][] perColumn, double[][] perPair) {
    Drawn d = drawConditions(batch, rng, perColumn, perPair);
    float[] vectors = new float[batch * width];
    for (int b = 0; b < batch; b++) {
      vectors[b * width + position(d.c1[b], d.k1[b])] = 1;
      if (d.c2[b] >= 0) {
        vectors[b * width + position(d.c2[b], d.k2[b])] = 1;
      }
    }
    return new Conditions(batch, width, vectors, d.c1, d.k1, d.c2, d.k2, columns.size());
  }

  /**
   * Where the ones of {@code batch} condition vectors lie, drawn as {@link #sampleEmpiricalConditions} draws them
   * from the same generator state: two positions a row, row-major {@code [batch, 2]}, the second −1 in single mode.
   * For the sampling pass, which adds one weight row per one: the dense vectors cost more to allocate and scan than
   * the products they feed.
   */
  public int[] sampleEmpiricalOnes(int batch, RandomGenerator rng) {
    Drawn d = drawConditions(batch, rng, columnEmpiricalCdf, pairEmpiricalCdf);
    int[] ones = new int[2 * batch];
    for (int b = 0; b < batch; b++) {
      ones[2 * b] = position(d.c1[b], d.k1[b]);
      ones[2 * b + 1] = d.c2[b] < 0 ? -1 : position(d.c2[b], d.k2[b]);
    }
    return ones;
  }

  /** Each row's first column and category and its second (−1 and −1 in single mode). */
  private record Drawn(int[] c1, int[] k1, int[] c2, int[] k2) {}

  private Drawn drawConditions(int batch, RandomGenerator rng, double[][] perColumn, double[][] perPair) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1. Provided value: " + batch);
    }
    Drawn d = new Drawn(new int[batch], new int[batch], new int[batch], new int[batch]);
    for (int b = 0; b < batch; b++) {
      if (mode == Mode.SINGLE) {
        int col = rng.nextInt(columns.size());
        d.c1[b] = col;
        d.k1[b] = draw(perColumn[col], rng);
        d.c2[b] = -1;
        d.k2[b] = -1;
      } else {
        int p = rng.nextInt(pairs.size());
        ColumnPair pair = pairs.get(p);
        int cell = draw(perPair[p], rng);
        int cb = columns.get(pair.second()).categories();
        d.c1[b] = pair.first();
        d.k1[b] = cell / cb;
        d.c2[b] = pair.second();
        d.k2[b] = cell % cb;
      }
    }
    return d;
  }

  /** The position of category {@code category} of discrete column {@code column} in a condition vector. */
  private int position(int column, int category) {
    return columns.get(column).conditionOffset() + category;
  }

  /** For each condition, a real row (index into the table given to {@link #fromTable}) that carries it. */
  public int[] sampleRows(Conditions conditions, RandomGenerator rng) {
    if (!hasRows()) {
      throw new IllegalStateException("this sampler was built from counts and has no rows to sample; use fromTable");
    }
    if (conditions.width() != width) {
      throw new IllegalArgumentException(
          "conditions have width " + conditions.width() + ", this sampler's width is " + width);
    }
    RowIndex index = rowIndex();
    int[] rows = new int[conditions.batch()];
    for (int b = 0; b < rows.length; b++) {
      int[] start;
      int[] list;
      int bucket;
      if (conditions.secondColumn()[b] < 0) {
        int col = conditions.firstColumn()[b];
        start = index.columnRowStart()[col];
        list = index.columnRows()[col];
        bucket = conditions.firstCategory()[b];
      } else {
        int p = pairIndex(conditions.firstColumn()[b], conditions.secondColumn()[b]);
        start = index.pairRowStart()[p];
        list = index.pairRows()[p];
        bucket = conditions.firstCategory()[b] * columns.get(conditions.secondColumn()[b]).categories()
            + conditions.secondCategory()[b];
      }
      int lo = start[bucket];
      int hi = start[bucket + 1];
      if (hi <= lo) {
        throw new IllegalArgumentException("no row carries the condition of batch row " + b);
      }
      rows[b] = list[lo + rng.nextInt(hi - lo)];
    }
    return rows;
  }

  /**
   * The condition vector of a user's {@code column = value} conditions: one entry in single mode, one or
   * two in pair mode. The empty string names the missing level. Unknown columns or values are rejected
   * with the valid ones listed.
   */
  public float[] conditionFor(Map<String, String> columnEqualsValue) {
    int max = mode == Mode.SINGLE ? 1 : 2;
    if (columnEqualsValue.isEmpty() || columnEqualsValue.size() > max) {
      throw new IllegalArgumentException(
          "a " + mode.name().toLowerCase(Locale.ROOT) + "-mode condition names 1" + (max == 2 ? " or 2 columns" : " column")
              + ". Provided: " + columnEqualsValue.size() + " " + columnEqualsValue.keySet());
    }
    float[] v = new float[width];
    var byName = new LinkedHashMap<String, DiscreteColumn>();
    for (DiscreteColumn c : columns) {
      byName.put(c.name(), c);
    }
    for (Map.Entry<String, String> e : columnEqualsValue.entrySet()) {
      DiscreteColumn c = byName.get(e.getKey());
      if (c == null) {
        throw new IllegalArgumentException(
            "condition column must be one of the discrete columns " + byName.keySet() + ". Provided: '" + e.getKey() + "'");
      }
      int category = categoryOf(c, e.getValue());
      v[c.conditionOffset() + category] = 1;
    }
    return v;
  }

  private int categoryOf(DiscreteColumn c, String value) {
    List<String> names = levels.get(c.index());
    if (value == null || value.isEmpty()) {
      if (names.size() == c.categories()) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has no missing level; valid values: " + Cells.abbreviate(names));
      }
      return names.size();
    }
    int idx = names.indexOf(value);
    if (idx < 0) {
      throw new IllegalArgumentException(
          "condition value of column '" + c.name() + "' must be one of " + Cells.abbreviate(names)
              + (names.size() < c.categories() ? " (or empty for missing)" : "") + ". Provided: '" + value + "'");
    }
    return idx;
  }

  /** Index of pair (i, j), i &lt; j, in {@link #pairs()}. */
  public int pairIndex(int i, int j) {
    int d = columns.size();
    if (!(0 <= i && i < j && j < d)) {
      throw new IllegalArgumentException("pair index needs 0 <= i < j < " + d + ". Provided: " + i + ", " + j);
    }
    return i * (2 * d - i - 1) / 2 + (j - i - 1);
  }

  private List<String> names() {
    return columns.stream().map(DiscreteColumn::name).toList();
  }

  private static double[][] nonNegativeCopy(double[][] counts, int expected) {
    double[][] out = new double[expected][];
    for (int i = 0; i < expected; i++) {
      out[i] = new double[counts[i].length];
      for (int c = 0; c < out[i].length; c++) {
        out[i][c] = Math.max(0, counts[i][c]);
      }
    }
    return out;
  }

  /** A copy of every row of {@code a}. */
  static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  /** Cumulative log(1 + count) (training-by-sampling) or count (empirical), negative counts as 0. */
  private static double[] cdf(double[] counts, String what, boolean log) {
    double[] cdf = new double[counts.length];
    double acc = 0;
    for (int c = 0; c < counts.length; c++) {
      double n = counts[c];
      if (Double.isNaN(n) || Double.isInfinite(n)) {
        throw new IllegalArgumentException("counts of " + what + " must be finite. Provided value: " + n);
      }
      acc += log ? Math.log1p(Math.max(0, n)) : Math.max(0, n);
      cdf[c] = acc;
    }
    if (!(acc > 0)) {
      throw new IllegalArgumentException("counts of " + what + " must not all be <= 0: " + Arrays.toString(counts));
    }
    return cdf;
  }

  private static int draw(double[] cdf, RandomGenerator rng) {
    double u = rng.nextDouble() * cdf[cdf.length - 1];
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Counting sort: {starts (buckets + 1), row indices grouped by bucket}. */
  private static int[][] bucket(int rows, IntUnaryOperator key, int buckets) {
    int[] start = new int[buckets + 1];
    for (int r = 0; r < rows; r++) {
      start[key.applyAsInt(r) + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      start[b + 1] += start[b];
    }
    int[] fill = Arrays.copyOf(start, buckets);
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      out[fill[key.applyAsInt(r)]++] = r;
    }
    return new int[][] {start, out};
  }

  @Override
  public String toString() {
    return "ConditionalSampler[" + mode.name().toLowerCase(Locale.ROOT) + ", " + columns.size() + " discrete columns"
        + (mode == Mode.PAIR ? ", " + pairs.size() + " pairs" : "") + ", K=" + width + (hasRows() ? "" : ", counts only")
        + "]";
  }
}
