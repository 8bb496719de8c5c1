package org.dpcgan.core.internal.metadata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.cells.Cells;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.transform.ColumnModel;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.GaussianMixture;
import org.dpcgan.core.internal.transform.IdColumnModel;
import org.dpcgan.core.internal.transform.NumericColumnModel;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.core.internal.transform.Vbgmm;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.CalibratedNoise;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.PrivacyAccountant;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The metadata of a differentially private fit (DESIGN.md §4, "Metadata", item 1): the transformer's
 * column models and the condition sampler's category and pair frequencies, estimated from noisy histograms
 * with the Gaussian mechanism and then derived by post-processing only, so that nothing else needs to read
 * the real table before DP training.
 *
 * <p><b>What is released.</b> One histogram per non-id column and, in {@link ConditionalSampler.Mode#PAIR}
 * mode, one joint table per pair of discrete columns; H histograms in all ({@link #histogramCount}):
 *
 * <ul>
 *   <li>numeric column (continuous, integer): the declared range [lower, upper] in a cell for each bound and
 *       {@value #DEFAULT_BINS} equal-width bins between them (an integer column with at most
 *       {@value #DEFAULT_BINS} integers in its range gets one bin per integer; {@link Bins}), each value clamped
 *       into the range first, plus one bin counting missing values (unless the column is complete);
 *   <li>discrete column (categorical, ordinal, boolean): one count per declared level plus one for
 *       missing;
 *   <li>pair table (pair mode): one count per joint category, missing levels included, cell
 *       {@code a * categories(second) + b}, pairs in {@link ConditionalSampler#pairs()} order.
 * </ul>
 *
 * <p><b>Sensitivity and privacy.</b> Adding or removing one row changes exactly one count by 1 in each of
 * the H histograms (clamping and the missing bins make every row land in exactly one cell), so the released
 * vector has L2 sensitivity √H. Every count gets independent N(0, s²) noise, s = {@link #noiseStd()}: the
 * Gaussian mechanism (Dwork &amp; Roth, "The Algorithmic Foundations of Differential Privacy", 2014,
 * Thm A.1; analysed here, more tightly, through its Rényi DP α/(2σ²), Mironov, "Rényi Differential
 * Privacy", CSF 2017, converted with Balle et al. 2020) with noise multiplier σ = s/√H, which
 * {@link #event()} records for the ledger. {@link #noiseStdFor} calibrates s for a target (ε, δ).
 *
 * <p><b>Public metadata required.</b> Bounds and levels are not estimated: every numeric column must declare
 * both bounds and every categorical or ordinal column its levels (boolean columns have the fixed levels
 * false/true); id columns are excluded. Datetime columns cannot declare bounds in this version and are
 * rejected. A value outside the declared levels is an error (it names the row and column, and is raised
 * before anything is released: complete levels are the user's responsibility, as all public metadata);
 * a numeric value outside the declared bounds is clamped, silently.
 *
 * <p><b>Post-processing</b> (free: Dwork &amp; Roth 2014, Prop. 2.1), every choice from noisy counts and
 * public metadata only:
 *
 * <ul>
 *   <li>mixture: {@link Vbgmm#fitHistogram} on the bin centres with the noisy value counts, counts at or
 *       below {@value #NOISE_FLOOR} noise standard deviations taken as 0 (about 2% of empty bins pass
 *       that floor, instead of half of them, whose noise would otherwise add spurious tail modes and
 *       roughly 0.4·s of mass per empty bin), each mode's standard deviation then floored at half a bin width (a mode fitted to a single
 *       bin would otherwise be narrower than the bin and clip the values in it). If no value count is
 *       positive, or the declared range is a single point, the mixture is one mode at the range centre
 *       with standard deviation range/4 (1 for a point range);
 *   <li>the missing indicator of a numeric column and the missing level of a discrete column are present
 *       unless the schema declares the column complete ({@link ColumnSpec#complete()}, public metadata):
 *       whether a column has missing values is otherwise itself private, and the generator learns their
 *       rarity from the noisy count;
 *   <li>levels are the declared levels, all kept (a level whose noisy count is ≤ 0 is simply never drawn
 *       as a condition);
 *   <li>{@link #sampler()}: {@link ConditionalSampler#fromCounts} over the noisy counts, negative counts as
 *       0, and a histogram with no positive count replaced by a uniform one.
 * </ul>
 *
 * <p>Instances hold noisy counts and column models only, never the table or a row; logs carry shapes, H and
 * the noise, never counts. Immutable.
 */
public final class DpMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(DpMetadata.class);

  /**
   * Bins of a numeric column's histogram (fewer for integer columns with fewer values in range). Free in
   * privacy terms: a row changes one bin whatever their number; more bins resolve narrower modes but spread
   * more positive noise over empty bins.
   */
  public static final int DEFAULT_BINS = 100;

  /** Noisy value counts at or below this many noise standard deviations count as 0 in the mixture fit. */
  static final double NOISE_FLOOR = 2.0;
  /**
   * Smallest noise multiplier {@link #noiseStdFor} searches: σ = 0.01 spends ε in the thousands, so a
   * target reached below it is met there with ε under the target.
   */
  private static final double CALIBRATION_MIN_NOISE = 0.01;
  /** Largest noise multiplier {@link #noiseStdFor} searches (ε about 5e-5 at δ = 1e-5). */
  private static final double CALIBRATION_MAX_NOISE = 1e5;

  private final DataTransformer transformer;
  private final double[][] numericCounts;
  private final double[][] columnCounts;
  private final double[][] pairCounts;
  private final ConditionalSampler sampler;
  private final ConditionalSampler.Mode mode;
  private final int histograms;
  private final double noiseStd;

  private DpMetadata(
      DataTransformer transformer, double[][] numericCounts, double[][] columnCounts, double[][] pairCounts,
      ConditionalSampler sampler, ConditionalSampler.Mode mode, int histograms, double noiseStd) {
    this.transformer = transformer;
    this.numericCounts = numericCounts;
    this.columnCounts = columnCounts;
    this.pairCounts = pairCounts;
    this.sampler = sampler;
    this.mode = mode;
    this.histograms = histograms;
    this.noiseStd = noiseStd;
  }

  /**
   * Releases the noisy histograms of {@code table} and derives the metadata from them.
   *
   * @param table the real table; read once, never kept
   * @param schema its schema, with public bounds and levels (see the class doc)
   * @param mode the conditioning mode, or {@code null} for no condition sampler (and no pair tables)
   * @param noiseStd s, the standard deviation of the noise added to every count, finite and &gt; 0
   * @param noise the noise source (secure unless reproducibility is asked for explicitly)
   * @param options mixture settings and the category limit
   * @param rng randomness of the mixture fits (not of the noise)
   * @throws IllegalArgumentException on missing public metadata, a table that does not match the schema, an
   *     empty table, a value outside its column's declared levels, pair mode with exactly one discrete
   *     column, or an invalid argument
   */
  public static DpMetadata estimate(
      Table table, Schema schema, ConditionalSampler.Mode mode, double noiseStd, GaussianNoise noise,
      TransformerOptions options, RandomGenerator rng) {
    requireNonNull("table", table);
    requireNonNull("options", options);
    ExactCounts counts = count(schema, mode, options.maxLevels());
    counts.add(table);
    return counts.release(noiseStd, noise, options, rng);
  }

  /**
   * The exact histograms {@link #estimate} releases, to be filled a chunk of rows at a time ({@link ExactCounts#add})
   * and released once ({@link ExactCounts#release}): a table streamed from disk is counted without being held.
   *
   * @throws IllegalArgumentException on missing public metadata, pair mode with exactly one discrete column, or a
   *     discrete column with more than {@code maxLevels} categories
   */
  public static ExactCounts count(Schema schema, ConditionalSampler.Mode mode, int maxLevels) {
    int h = histogramCount(schema, mode); // validates the public metadata first: nothing read yet
    return new ExactCounts(schema, mode, maxLevels, h);
  }

  /**
   * Exact counts of the rows added so far, per released histogram. They are the private input of the release:
   * never logged, written or kept once {@link #release} has drawn the noise.
   */
  public static final class ExactCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Schema schema;
    private final ConditionalSampler.Mode mode;
    private final int histograms;
    private final List<List<String>> levels = new ArrayList<>(); // per column, its levels (discrete) or null
    private final List<Bins> bins = new ArrayList<>();          // per column, its bins (numeric) or null
    private final List<double[]> perColumn = new ArrayList<>(); // per column, its counts (id: null)
    private final List<double[]> pairs = new ArrayList<>();     // per pair of discrete columns, pairs() order
    private final List<Integer> discreteSizes = new ArrayList<>(); // categories per discrete column
    private long rows;
    private boolean released;

    private ExactCounts(Schema schema, ConditionalSampler.Mode mode, int maxLevels, int histograms) {
      this.schema = schema;
      this.mode = mode;
      this.histograms = histograms;
      for (ColumnSpec spec : schema.columns()) {
        List<String> columnLevels = null;
        Bins columnBins = null;
        double[] counts = null;
        if (spec.kind().isDiscrete()) {
          columnLevels = spec.knownLevels();
          int categories = columnLevels.size() + (spec.complete() ? 0 : 1);
          if (categories > maxLevels) {
            throw DataTransformer.tooManyLevels(spec.name(), categories, maxLevels);
          }
          counts = new double[categories];
          discreteSizes.add(categories);
        } else if (spec.kind() != ColumnKind.ID) {
          columnBins = Bins.of(spec);
          counts = new double[columnBins.count() + (spec.complete() ? 0 : 1)]; // last: missing, if allowed
        }
        levels.add(columnLevels);
        bins.add(columnBins);
        perColumn.add(counts);
      }
      if (mode == ConditionalSampler.Mode.PAIR) {
        for (int i = 0; i < discreteSizes.size(); i++) {
          for (int j = i + 1; j < discreteSizes.size(); j++) {
            pairs.add(new double[discreteSizes.get(i) * discreteSizes.get(j)]);
          }
        }
      }
    }

    /**
     * Counts the rows of {@code chunk}, a table of the schema's columns.
     *
     * @throws IllegalArgumentException on a table that does not match the schema or a value outside its column's
     *     declared levels
     */
    public void add(Table chunk) {
      if (released) {
        throw new IllegalStateException("the counts were released; count a table once");
      }
      DataTransformer.checkColumns(chunk, schema, rows);
      var categoryOfRow = new ArrayList<int[]>(); // this chunk's, for the pair tables
      List<ColumnSpec> specs = schema.columns();
      for (int k = 0; k < specs.size(); k++) {
        ColumnSpec spec = specs.get(k);
        Column<?> column = chunk.column(spec.name());
        double[] counts = perColumn.get(k);
        if (levels.get(k) != null) {
          int[] category = categories(spec, levels.get(k), column, rows);
          for (int c : category) {
            counts[c]++;
          }
          categoryOfRow.add(category);
        } else if (bins.get(k) != null) {
          Bins b = bins.get(k);
          for (int r = 0; r < column.size(); r++) {
            double v = DataTransformer.numericValue(spec.name(), spec.kind(), column, r);
            counts[Double.isNaN(v) ? b.count() : b.index(v)]++;
          }
        }
      }
      int p = 0;
      for (int i = 0; i < categoryOfRow.size() && !pairs.isEmpty(); i++) {
        for (int j = i + 1; j < categoryOfRow.size(); j++) {
          double[] joint = pairs.get(p++);
          int cb = discreteSizes.get(j);
          int[] a = categoryOfRow.get(i);
          int[] b = categoryOfRow.get(j);
          for (int r = 0; r < a.length; r++) {
            joint[a[r] * cb + b[r]]++;
          }
        }
      }
      rows += chunk.rowCount();
    }

    /** Rows counted so far. */
    public long rows() {
      return rows;
    }

    /**
     * Adds the counts of {@code other}, of the same schema and mode, to these (the rows of a table counted in parts,
     * e.g. on the machines that hold them); returns this.
     */
    public ExactCounts merge(ExactCounts other) {
      if (released || other.released) {
        throw new IllegalStateException("the counts were released; merge them before");
      }
      if (!schema.equals(other.schema) || mode != other.mode) {
        throw new IllegalArgumentException("counts of another schema or mode cannot be merged");
      }
      for (int k = 0; k < perColumn.size(); k++) {
        addInto(perColumn.get(k), other.perColumn.get(k));
      }
      for (int p = 0; p < pairs.size(); p++) {
        addInto(pairs.get(p), other.pairs.get(p));
      }
      rows += other.rows;
      return this;
    }

    private static void addInto(double[] to, double[] from) {
      for (int i = 0; to != null && i < to.length; i++) {
        to[i] += from[i];
      }
    }

    /**
     * Adds the noise to every count and derives the metadata from the noisy counts (see the class doc); once.
     *
     * @param noiseStd s, the standard deviation of the noise added to every count, finite and &gt; 0
     * @param noise the noise source (secure unless reproducibility is asked for explicitly)
     * @param options mixture settings
     * @param rng randomness of the mixture fits (not of the noise)
     * @throws IllegalArgumentException when no row was counted, or on an invalid argument
     */
    public DpMetadata release(double noiseStd, GaussianNoise noise, TransformerOptions options, RandomGenerator rng) {
      requireNonNull("noise", noise);
      requireNonNull("options", options);
      requireNonNull("rng", rng);
      if (!(Double.isFinite(noiseStd) && noiseStd > 0)) {
        throw new IllegalArgumentException("noiseStd must be finite and > 0. Provided value: " + noiseStd);
      }
      if (rows == 0) {
        throw new IllegalArgumentException("cannot estimate DP metadata of an empty table (0 rows)");
      }
      if (released) {
        throw new IllegalStateException("the counts were released already: a second release would spend twice");
      }
      released = true;
      var models = new ArrayList<ColumnModel>();
      var numeric = new ArrayList<double[]>();
      var discrete = new ArrayList<double[]>();
      List<ColumnSpec> specs = schema.columns();
      for (int k = 0; k < specs.size(); k++) {
        ColumnSpec spec = specs.get(k);
        double[] counts = perColumn.get(k);
        if (spec.kind() == ColumnKind.ID) {
          models.add(new IdColumnModel(spec.name()));
        } else if (levels.get(k) != null) {
          addNoise(counts, noiseStd, noise);
          discrete.add(counts);
          models.add(new DiscreteColumnModel(spec.name(), spec.kind(), levels.get(k), !spec.complete()));
        } else {
          addNoise(counts, noiseStd, noise);
          numeric.add(counts);
          GaussianMixture mixture =
              mixtureOf(spec.name(), bins.get(k), counts, NOISE_FLOOR * noiseStd, options.mixture(), rng);
          models.add(new NumericColumnModel(spec.name(), spec.kind(), mixture, !spec.complete(), spec.lower(),
              spec.upper(), spec.format()));
        }
      }
      for (double[] joint : pairs) {
        addNoise(joint, noiseStd, noise);
      }
      int d = discrete.size();
      int releasedCount = numeric.size() + d + pairs.size();
      if (releasedCount != histograms) {
        throw new IllegalStateException("released " + releasedCount + " histograms, planned " + histograms); // a bug
      }
      DataTransformer transformer = DataTransformer.fromModels(models);
      double[][] columnCounts = discrete.toArray(new double[0][]);
      double[][] pairCounts = pairs.toArray(new double[0][]);
      ConditionalSampler sampler = mode == null || d == 0 ? null
          : ConditionalSampler.fromCounts(transformer.layout(), mode, forSampler(columnCounts), forSampler(pairCounts));
      long cells = 0;
      for (double[] c : numeric) {
        cells += c.length;
      }
      for (double[] c : columnCounts) {
        cells += c.length;
      }
      for (double[] c : pairCounts) {
        cells += c.length;
      }
      LOG.info("DP metadata: {} histograms released ({} numeric, {} discrete, {} pair tables; {} cells), noise std {},"
          + " noise multiplier {}", histograms, numeric.size(), d, pairCounts.length, cells, noiseStd,
          noiseStd / Math.sqrt(histograms));
      return new DpMetadata(transformer, numeric.toArray(new double[0][]), columnCounts, pairCounts, sampler, mode,
          histograms, noiseStd);
    }
  }

  /**
   * H, the number of histograms {@link #estimate} releases for this schema and mode, from the schema alone
   * (public), so the noise can be calibrated before the data are read: one per non-id column, plus
   * d(d − 1)/2 pair tables for d discrete columns in pair mode.
   *
   * @throws IllegalArgumentException when the schema lacks public metadata (the message names every
   *     offending column), has no non-id column, or pair mode meets exactly one discrete column
   */
  public static int histogramCount(Schema schema, ConditionalSampler.Mode mode) {
    requireNonNull("schema", schema);
    checkPublicMetadata(schema);
    int columns = 0;
    var discrete = new ArrayList<String>();
    for (ColumnSpec spec : schema.columns()) {
      if (spec.kind() != ColumnKind.ID) {
        columns++;
      }
      if (spec.kind().isDiscrete()) {
        discrete.add(spec.name());
      }
    }
    if (columns == 0) {
      throw new IllegalArgumentException("a DP fit needs at least one non-id column; columns: " + schema.names());
    }
    int d = discrete.size();
    if (mode == ConditionalSampler.Mode.PAIR && d == 1) {
      throw new IllegalArgumentException(
          "pair conditioning needs at least 2 discrete columns; the schema has 1: " + discrete
              + ". Use single conditioning");
    }
    return Math.addExact(columns, mode == ConditionalSampler.Mode.PAIR ? d * (d - 1) / 2 : 0);
  }

  /**
   * The noise standard deviation s for which {@link #event()} of H histograms alone spends at most
   * {@code epsilon} at {@code delta}: s = σ·√H with σ the smallest noise multiplier (to 1e-6) whose Gaussian
   * mechanism spends at most ε ({@link NoiseCalibration}, one step, sampling rate 1, σ searched in [0.01,
   * 1e5]).
   *
   * @throws IllegalArgumentException when epsilon is not finite and &gt; 0, delta not in (0, 1), histograms
   *     &lt; 1, or the target needs σ &gt; 1e5
   */
  public static double noiseStdFor(double epsilon, double delta, int histograms) {
    return noiseStdFor(epsilon, delta, histograms, Accountants.rdp());
  }

  /**
   * {@link #noiseStdFor(double, double, int)} with σ calibrated by {@code accountant} (a DP fit's own: the PLD one
   * is exact for the Gaussian mechanism, where RDP asks for more noise than needed).
   */
  public static double noiseStdFor(double epsilon, double delta, int histograms, PrivacyAccountant accountant) {
    if (!(Double.isFinite(epsilon) && epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
    }
    if (histograms < 1) {
      throw new IllegalArgumentException("histograms must be >= 1. Provided value: " + histograms);
    }
    CalibratedNoise calibrated = NoiseCalibration.withDefaults().withAccountant(accountant)
        .withNoiseBounds(CALIBRATION_MIN_NOISE, CALIBRATION_MAX_NOISE)
        .noiseMultiplier(epsilon, delta, 1.0, 1);
    double sigma = calibrated.noiseMultiplier();
    double root = Math.sqrt(histograms);
    double std = sigma * root;
    while (std / root < sigma) { // event() divides by √H again: never let rounding lower σ
      std = Math.nextUp(std);
    }
    return std;
  }

  /** The privacy event {@link #event()} of a release of H histograms with noise standard deviation s. */
  public static DpEvent eventFor(double noiseStd, int histograms) {
    return DpEvent.gaussian(noiseStd / Math.sqrt(histograms));
  }

  /** The transformer built from the noisy histograms and the public metadata. */
  public DataTransformer transformer() {
    return transformer;
  }

  /**
   * The released noisy counts per discrete column (the layout's discrete order) and category, the missing
   * level (where the column has one) last; may be negative. A copy.
   */
  public double[][] columnCounts() {
    return deepCopy(columnCounts);
  }

  /**
   * The released noisy joint tables in pair mode, in {@link ConditionalSampler#pairs()} order, cell
   * {@code a * categories(second) + b}; may be negative. Empty unless the mode is pair. A copy.
   */
  public double[][] pairCounts() {
    return deepCopy(pairCounts);
  }

  /**
   * The condition sampler over the noisy counts (post-processed as the class doc says), or {@code null} when
   * no mode was given or the table has no discrete column.
   */
  public ConditionalSampler sampler() {
    return sampler;
  }

  /** H, the number of histograms released. */
  public int histograms() {
    return histograms;
  }

  /** s, the standard deviation of the noise on every count. */
  public double noiseStd() {
    return noiseStd;
  }

  /**
   * The privacy event of the release: the Gaussian mechanism with noise multiplier s/√H (L2 sensitivity
   * √H, see the class doc).
   */
  public DpEvent event() {
    return eventFor(noiseStd, histograms);
  }

  /** The released noisy counts per numeric column (table order), value bins then the missing bin (if any). A copy. */
  public double[][] numericCounts() {
    return deepCopy(numericCounts);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DpMetadata[H=%d, noise std=%.4g (σ=%.4g), %s, %d discrete columns]",
        histograms, noiseStd, noiseStd / Math.sqrt(histograms),
        mode == null ? "no sampler" : mode.name().toLowerCase(Locale.ROOT), columnCounts.length);
  }

  // ---------------------------------------------------------------------------------------------------

  /** Rejects a schema without public bounds or levels, naming every offending column. */
  private static void checkPublicMetadata(Schema schema) {
    var missing = new ArrayList<String>();
    var datetimes = new ArrayList<String>();
    for (ColumnSpec spec : schema.columns()) {
      switch (spec.kind()) {
        case CONTINUOUS, INTEGER -> {
          if (!spec.hasDeclaredBounds()) {
            missing.add(spec.name() + " (bounds)");
          }
        }
        case CATEGORICAL, ORDINAL -> {
          if (!spec.hasDeclaredLevels()) {
            missing.add(spec.name() + " (levels)");
          }
        }
        case DATETIME -> datetimes.add(spec.name());
        default -> { } // boolean: levels fixed by the kind; id: not encoded
      }
    }
    if (missing.isEmpty() && datetimes.isEmpty()) {
      return;
    }
    var message = new StringBuilder();
    if (!missing.isEmpty()) {
      message.append("a DP fit needs public bounds and levels (declare them in the sidecar's min/max/levels columns "
          + "or the schema builder); missing for: ").append(String.join(", ", missing));
    }
    if (!datetimes.isEmpty()) {
      message.append(missing.isEmpty() ? "" : "; ")
          .append("a DP fit cannot take datetime columns yet (their bounds cannot be declared): convert them to "
              + "integer columns with declared min/max (e.g. days since an epoch), declare them id, or drop them: ")
          .append(String.join(", ", datetimes));
    }
    throw new IllegalArgumentException(message.toString());
  }

  /** The category of every row (missing = {@code levels.size()}); a value outside the levels is an error. */
  private static int[] categories(ColumnSpec spec, List<String> levels, Column<?> column, long firstRow) {
    var index = new HashMap<String, Integer>();
    for (int i = 0; i < levels.size(); i++) {
      index.put(levels.get(i), i);
    }
    int[] out = new int[column.size()];
    for (int r = 0; r < out.length; r++) {
      String v = DataTransformer.discreteValue(spec.name(), spec.kind(), column, r);
      if (v == null) {
        out[r] = levels.size();
        continue;
      }
      Integer c = index.get(v);
      if (c == null) {
        throw new IllegalArgumentException(
            "column '" + spec.name() + "', row " + (firstRow + r + 1) + ": value '" + v + "' is not one of the"
                + " declared levels "
                + Cells.abbreviate(levels) + " (a DP fit takes levels as declared; add it to the levels)");
      }
      out[r] = c;
    }
    return out;
  }

  private static void addNoise(double[] counts, double std, GaussianNoise noise) {
    double[] z = new double[counts.length];
    noise.fill(z, 0, z.length, std);
    for (int i = 0; i < counts.length; i++) {
      counts[i] += z[i];
    }
  }

  /**
   * The mixture of a numeric column from its noisy histogram (value bins, then the missing bin, which is
   * not used): see the class doc.
   */
  static GaussianMixture mixtureOf(String column, Bins bins, double[] noisyCounts, double floor,
      Vbgmm.Options options, RandomGenerator rng) {
    double[] weights = Arrays.copyOf(noisyCounts, bins.count());
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] <= floor) {
        weights[i] = 0; // indistinguishable from the noise of an empty bin
      }
    }
    boolean anyPositive = false;
    for (double w : weights) {
      anyPositive |= w > 0;
    }
    double range = bins.upper() - bins.lower();
    if (!anyPositive || range == 0) {
      if (!anyPositive) {
        LOG.info("column '{}': no histogram count is positive after the noise; one mode at the range centre", column);
      }
      return new GaussianMixture(
          new double[] {1}, new double[] {bins.lower() + range / 2}, new double[] {range > 0 ? range / 4 : 1});
    }
    GaussianMixture fitted = Vbgmm.fitHistogram(bins.centres(), weights, options, rng);
    double minStd = bins.width() / 2;
    double[] stds = fitted.stds();
    for (int k = 0; k < stds.length; k++) {
      stds[k] = Math.max(stds[k], minStd);
    }
    return new GaussianMixture(fitted.weights(), fitted.means(), stds);
  }

  /** Per histogram, noisy counts with negatives as 0, and all ones where no count is positive. */
  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static double[][] forSampler(double[][] counts) {
    double[][] out = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      out[i] = new double[counts[i].length];
      boolean anyPositive = false;
      for (int c = 0; c < out[i].length; c++) {
        out[i][c] = Math.max(0, counts[i][c]);
        anyPositive |= out[i][c] > 0;
      }
      if (!anyPositive) {
        Arrays.fill(out[i], 1.0);
      }
    }
    return out;
  }


  private static void requireNonNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  /**
   * The value bins of a numeric column's histogram over its declared range [lower, upper]: one per integer for an
   * integer column with at most {@value #DEFAULT_BINS} integers in range; otherwise a cell for exactly the lower
   * bound, {@value #DEFAULT_BINS} equal-width bins strictly between the bounds, and a cell for exactly the upper
   * bound (values clamped onto a bound, and spikes at a bound such as a zero-inflated amount or a top code, are
   * told apart from their neighbours); a point range has one cell.
   *
   * @param lower declared lower bound
   * @param upper declared upper bound
   * @param centres each cell's centre (a bound cell's is the bound)
   * @param width the equal-width bins' width (1 per integer, 0 for a point range)
   * @param firstInteger for one bin per integer, the integer of bin 0; otherwise unused
   * @param perInteger whether there is one bin per integer
   */
  public record Bins(double lower, double upper, double[] centres, double width, long firstInteger,
      boolean perInteger) implements Serializable {

    /** The bins of a numeric column with declared bounds. */
    public static Bins of(ColumnSpec spec) {
      double lower = spec.lower();
      double upper = spec.upper();
      if (spec.kind() == ColumnKind.INTEGER) {
        double first = Math.ceil(lower);
        double last = Math.floor(upper);
        if (last >= first && last - first + 1 <= DEFAULT_BINS) {
          int n = (int) (last - first + 1);
          double[] centres = new double[n];
          for (int i = 0; i < n; i++) {
            centres[i] = first + i;
          }
          return new Bins(lower, upper, centres, 1, (long) first, true);
        }
      }
      if (upper == lower) {
        return new Bins(lower, upper, new double[] {lower}, 0, 0, false);
      }
      double width = (upper - lower) / DEFAULT_BINS;
      double[] centres = new double[DEFAULT_BINS + 2];
      centres[0] = lower;
      for (int i = 0; i < DEFAULT_BINS; i++) {
        centres[i + 1] = lower + (i + 0.5) * width;
      }
      centres[DEFAULT_BINS + 1] = upper;
      return new Bins(lower, upper, centres, width, 0, false);
    }

    /** The number of cells. */
    public int count() {
      return centres.length;
    }

    /** The cell of a finite value, clamped into [lower, upper] first. */
    public int index(double v) {
      double x = Math.max(lower, Math.min(upper, v));
      int n = centres.length;
      if (perInteger) {
        return (int) Math.max(0, Math.min(n - 1, (long) Math.rint(x) - firstInteger));
      }
      if (n == 1 || x == lower) {
        return 0;
      }
      if (x == upper) {
        return n - 1;
      }
      return 1 + (int) Math.max(0, Math.min(n - 3, (long) Math.floor((x - lower) / (upper - lower) * (n - 2))));
    }

    /**
     * A value of cell {@code cell} at relative position {@code u} in [0, 1): the integer or bound a point cell
     * holds, otherwise {@code lower + (bin + u) · width}, rounded for an integer column ({@code integer}) and kept
     * inside the bin's integers where it has any.
     */
    public double valueIn(int cell, double u, boolean integer) {
      if (perInteger) {
        return firstInteger + cell;
      }
      if (centres.length == 1 || cell == 0) {
        return lower;
      }
      if (cell == centres.length - 1) {
        return upper;
      }
      double from = lower + (cell - 1) * width;
      double v = from + u * width;
      if (!integer) {
        return Math.min(v, Math.nextDown(from + width));
      }
      double first = Math.max(Math.ceil(from), Math.floor(lower) + 1);
      double last = Math.min(Math.ceil(from + width) - 1, Math.ceil(upper) - 1);
      return last < first ? Math.rint(v) : Math.max(first, Math.min(last, Math.floor(v)));
    }

    @Override
    public String toString() {
      return "Bins[" + centres.length + (perInteger ? " integers" : " cells") + " over [" + lower + ", " + upper + "]]";
    }
  }
}
