package org.dpcgan.core.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.transform.ColumnModel;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.EncodedMatrix;
import org.dpcgan.core.internal.transform.GaussianMixture;
import org.dpcgan.core.internal.transform.NumericColumnModel;
import org.dpcgan.core.internal.transform.RoundTrip;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.core.internal.transform.Vbgmm;
import org.dpcgan.core.testing.DataFiles;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DpMetadataTest {

  /** Noise sd of the "exact" tests; counts are compared within 10 sd (false failure per count < 1e-22). */
  private static final double TINY = 1e-6;
  private static final double EXACT = 10 * TINY;

  private static final TransformerOptions OPTIONS = TransformerOptions.defaults();

  /**
   * Ten rows, every kind with a declared range or levels, values out of range and missing values:
   * x continuous [0, 10] (100 bins of 0.1), k integer [1, 5] (one bin per integer), n integer [0, 1000]
   * (100 bins of 10), c categorical {a, b, c}, o ordinal {lo, hi}, b boolean, and an id.
   */
  private static final Schema HAND_SCHEMA = Schema.builder()
      .id("id")
      .continuous("x", 0, 10)
      .integer("k", 1, 5)
      .integer("n", 0, 1000)
      .categorical("c", "a", "b", "c")
      .ordinal("o", "lo", "hi")
      .bool("b")
      .build();

  private Table flchain;
  private Schema flchainSchema;

  @BeforeAll
  void load() {
    flchain = DataFiles.flchain();
    flchainSchema = DataFiles.schema("flchain");
  }

  private static Table handTable() {
    IntColumn k = IntColumn.create("k");
    for (int v : new int[] {1, 2, 2, 3, 5, 5, 5, -1, 7, 0}) {
      if (v == -1) {
        k.appendMissing();
      } else {
        k.append(v);
      }
    }
    BooleanColumn b = BooleanColumn.create("b");
    for (String v : new String[] {"T", "F", "T", "T", "", "F", "T", "T", "F", "T"}) {
      if (v.isEmpty()) {
        b.appendMissing();
      } else {
        b.append(v.equals("T"));
      }
    }
    return Table.create("hand",
        StringColumn.create("id", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
        DoubleColumn.create("x", 0, 10, 15, -3, 4.95, 5.0, Double.NaN, 2.0, 2.0, 9.999),
        k,
        IntColumn.create("n", 0, 9, 10, 999, 1000, 5000, 500, 505, 1, 2),
        StringColumn.create("c", "a", "a", "b", "", "c", "a", "b", "b", "b", ""),
        StringColumn.create("o", "lo", "hi", "hi", "lo", "lo", "", "hi", "hi", "lo", "hi"),
        b);
  }

  private static DpMetadata estimate(
      Table table, Schema schema, ConditionalSampler.Mode mode, double std, long seed) {
    return DpMetadata.estimate(table, schema, mode, std, GaussianNoise.insecureSeeded(seed), OPTIONS,
        new SplittableRandom(seed));
  }

  private static void assertCounts(double[] actual, double[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("count %d of %s", i, Arrays.toString(actual)).isCloseTo(expected[i], within(tolerance));
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // released histograms

  @Test
  void tinyNoise_discreteCounts_matchHandCounts_missingLevelLast() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.SINGLE, TINY, 1);
    double[][] counts = m.columnCounts();
    assertThat(counts).hasNumberOfRows(3); // c, o, b in table order
    assertCounts(counts[0], new double[] {3, 4, 1, 2}, EXACT); // a b c missing
    assertCounts(counts[1], new double[] {4, 5, 1}, EXACT); // lo hi missing
    assertCounts(counts[2], new double[] {3, 6, 1}, EXACT); // false true missing
    assertThat(m.pairCounts()).isEmpty(); // single mode releases no pair tables
  }

  @Test
  void tinyNoise_numericBins_matchHandCounts_valuesClampedIntoTheDeclaredRange() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, null, TINY, 2);
    double[][] numeric = m.numericCounts();
    assertThat(numeric).hasNumberOfRows(3); // x, k, n

    double[] x = new double[103]; // exactly 0, 100 bins of width 0.1 between the bounds, exactly 10, then missing
    x[0] = 2; // 0 and -3 (clamped to 0)
    x[101] = 2; // 10 and 15 (clamped to 10)
    x[100] = 1; // 9.999
    x[50] = 1; // 4.95
    x[51] = 1; // 5.0
    x[21] = 2; // 2.0 twice
    x[102] = 1; // NaN
    assertCounts(numeric[0], x, EXACT);

    // one bin per integer 1..5, then missing; 0 clamps to 1 and 7 to 5
    assertCounts(numeric[1], new double[] {2, 2, 1, 0, 4, 1}, EXACT);

    double[] n = new double[103]; // [0, 1000] has 1001 integers: 0, 100 bins of width 10, 1000, then missing
    n[0] = 1; // 0
    n[1] = 3; // 9, 1, 2
    n[2] = 1; // 10
    n[100] = 1; // 999
    n[101] = 2; // 1000, 5000 (clamped to 1000)
    n[51] = 2; // 500, 505
    assertCounts(numeric[2], n, EXACT);
  }

  @Test
  void tinyNoise_pairTables_matchHandComputedJointCounts_inSamplerPairOrder() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.PAIR, TINY, 3);
    assertThat(m.sampler().pairs()).containsExactly(
        new ConditionalSampler.ColumnPair(0, 1), new ConditionalSampler.ColumnPair(0, 2),
        new ConditionalSampler.ColumnPair(1, 2));
    double[][] pairs = m.pairCounts();
    assertThat(pairs).hasNumberOfRows(3);
    // c × o, cell c * 3 + o; c: a b c missing, o: lo hi missing
    assertCounts(pairs[0], new double[] {1, 1, 1, 1, 3, 0, 1, 0, 0, 1, 1, 0}, EXACT);
    // c × b, cell c * 3 + b; b: false true missing
    assertCounts(pairs[1], new double[] {2, 1, 0, 1, 3, 0, 0, 0, 1, 0, 2, 0}, EXACT);
    // o × b
    assertCounts(pairs[2], new double[] {1, 2, 1, 1, 4, 0, 1, 0, 0}, EXACT);
  }

  @Test
  void largeNoise_countsDifferFromTheTrueCounts() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.SINGLE, 50, 4);
    double[] truth = {3, 4, 1, 2, 4, 5, 1, 3, 6, 1};
    double[] released = Arrays.stream(m.columnCounts()).flatMapToDouble(Arrays::stream).toArray();
    // each of the 10 counts is within 5 of the truth with probability 0.08 at sd 50: all of them, < 1e-10
    double largest = 0;
    for (int i = 0; i < truth.length; i++) {
      largest = Math.max(largest, Math.abs(released[i] - truth[i]));
    }
    assertThat(largest).isGreaterThan(5);
  }

  @Test
  void sampler_usesTheNoisyCounts_negativesAsZero() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.PAIR, 3, 5);
    double[][] released = m.columnCounts();
    double[][] used = m.sampler().columnCounts();
    for (int i = 0; i < released.length; i++) {
      boolean anyPositive = Arrays.stream(released[i]).anyMatch(v -> v > 0);
      for (int c = 0; c < released[i].length; c++) {
        assertThat(used[i][c]).isEqualTo(anyPositive ? Math.max(0, released[i][c]) : 1.0);
      }
    }
    assertThat(m.sampler().mode()).isEqualTo(ConditionalSampler.Mode.PAIR);
    assertThat(m.sampler().hasRows()).isFalse();
  }

  @Test
  void sameSeeds_giveTheSameRelease() {
    DpMetadata a = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.PAIR, 2, 6);
    DpMetadata b = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.PAIR, 2, 6);
    assertThat(a.columnCounts()).isDeepEqualTo(b.columnCounts());
    assertThat(a.pairCounts()).isDeepEqualTo(b.pairCounts());
    assertThat(a.transformer().columnModels()).isEqualTo(b.transformer().columnModels());
  }

  @Test
  void countsAddedChunkByChunk_releaseWhatTheWholeTableReleases_once() {
    DpMetadata whole = estimate(flchain, flchainSchema, ConditionalSampler.Mode.PAIR, 2, 8);
    DpMetadata.ExactCounts counts = DpMetadata.count(flchainSchema, ConditionalSampler.Mode.PAIR,
        OPTIONS.maxLevels());
    for (int from = 0; from < flchain.rowCount(); from += 1_000) {
      counts.add(flchain.inRange(from, Math.min(flchain.rowCount(), from + 1_000)));
    }
    assertThat(counts.rows()).isEqualTo(flchain.rowCount());
    DpMetadata chunked = counts.release(2, GaussianNoise.insecureSeeded(8), OPTIONS, new SplittableRandom(8));
    assertThat(chunked.numericCounts()).isDeepEqualTo(whole.numericCounts());
    assertThat(chunked.columnCounts()).isDeepEqualTo(whole.columnCounts());
    assertThat(chunked.pairCounts()).isDeepEqualTo(whole.pairCounts());
    assertThat(chunked.transformer().columnModels()).isEqualTo(whole.transformer().columnModels());
    assertThatThrownBy(() -> counts.release(2, GaussianNoise.insecureSeeded(9), OPTIONS, new SplittableRandom(9)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("released already");
    assertThatThrownBy(() -> counts.add(flchain.inRange(0, 10))).isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------------------------------------------
  // histogram count, event, calibration

  @Test
  void histograms_agreeWithHistogramCount_andTheEventIsGaussianWithStdOverRootH() {
    // flchain: 11 columns, 5 of them discrete (sex, flc.grp, mgus, death, chapter) → 10 pairs
    assertThat(DpMetadata.histogramCount(flchainSchema, null)).isEqualTo(11);
    assertThat(DpMetadata.histogramCount(flchainSchema, ConditionalSampler.Mode.SINGLE)).isEqualTo(11);
    assertThat(DpMetadata.histogramCount(flchainSchema, ConditionalSampler.Mode.PAIR)).isEqualTo(21);
    // hand schema: 6 non-id columns, 3 discrete → 3 pairs
    assertThat(DpMetadata.histogramCount(HAND_SCHEMA, ConditionalSampler.Mode.PAIR)).isEqualTo(9);

    DpMetadata m = estimate(flchain, flchainSchema, ConditionalSampler.Mode.PAIR, 7.5, 7);
    assertThat(m.histograms()).isEqualTo(21);
    assertThat(m.noiseStd()).isEqualTo(7.5);
    assertThat(m.event()).isEqualTo(DpEvent.gaussian(7.5 / Math.sqrt(21)));
    assertThat(m.pairCounts()).hasNumberOfRows(10);
    assertThat(m.toString()).contains("H=21");
  }

  @Test
  void noiseStdFor_spendsAtMostTheTarget_andWithin1e4OfIt() {
    double[][] cases = {{1, 1e-5, 21}, {0.1, 1e-6, 5}, {8, 1e-5, 1}, {0.5, 1e-3, 300}};
    for (double[] c : cases) {
      double eps = c[0];
      double delta = c[1];
      int h = (int) c[2];
      double std = DpMetadata.noiseStdFor(eps, delta, h);
      double spent = RdpAccountant.withDefaultOrders().compose(DpEvent.gaussian(std / Math.sqrt(h)))
          .epsilon(delta).epsilon();
      assertThat(spent).as("ε=%s δ=%s H=%s", eps, delta, h).isLessThanOrEqualTo(eps);
      assertThat(spent).as("ε=%s δ=%s H=%s", eps, delta, h).isGreaterThanOrEqualTo(eps * (1 - 1e-4));
    }
  }

  @Test
  void noiseStdFor_withThePldAccountant_spendsAtMostTheTarget_withLessNoiseThanRdp() {
    double std = DpMetadata.noiseStdFor(1, 1e-5, 21, Accountants.pld());
    double spent = Accountants.pld().compose(DpEvent.gaussian(std / Math.sqrt(21))).epsilon(1e-5).epsilon();
    assertThat(spent).isLessThanOrEqualTo(1).isGreaterThanOrEqualTo(0.99);
    assertThat(std).isLessThan(DpMetadata.noiseStdFor(1, 1e-5, 21));
  }

  @Test
  void noiseStdFor_scalesWithRootH() {
    double one = DpMetadata.noiseStdFor(1, 1e-5, 1);
    assertThat(DpMetadata.noiseStdFor(1, 1e-5, 16)).isCloseTo(4 * one, within(1e-12 * one));
  }

  @Test
  void noiseStdFor_epsilonNotFinitePositive_isRejected() {
    for (double eps : new double[] {Double.NaN, 0, -1, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> DpMetadata.noiseStdFor(eps, 1e-5, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("epsilon must be finite and > 0. Provided value: " + eps);
    }
  }

  @Test
  void noiseStdFor_deltaOutsideZeroOne_isRejected() {
    for (double delta : new double[] {Double.NaN, 0, 1, -1e-5}) {
      assertThatThrownBy(() -> DpMetadata.noiseStdFor(1, delta, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("delta must be in (0, 1). Provided value: " + delta);
    }
  }

  @Test
  void noiseStdFor_noHistograms_isRejected() {
    assertThatThrownBy(() -> DpMetadata.noiseStdFor(1, 1e-5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("histograms must be >= 1. Provided value: 0");
  }

  // ---------------------------------------------------------------------------------------------------
  // the derived transformer

  @Test
  void bimodalColumn_modesRecoveredFromANoisyHistogram() {
    var rng = new SplittableRandom(11);
    int perMode = 2000;
    double[] v = new double[2 * perMode];
    for (int i = 0; i < perMode; i++) {
      v[i] = -3 + 0.5 * rng.nextGaussian();
      v[perMode + i] = 4 + 0.7 * rng.nextGaussian();
    }
    Table t = Table.create("bimodal", DoubleColumn.create("v", v));
    Schema s = Schema.builder().continuous("v", -10, 10).build();
    // bins of 0.2: a peak bin holds ~300 rows (left) / ~230 (right); noise sd 10 per bin is moderate
    DpMetadata m = estimate(t, s, null, 10, 12);
    var mixture = ((NumericColumnModel) m.transformer().columnModels().get(0)).mixture();
    for (double centre : new double[] {-3, 4}) {
      double weight = 0;
      double weightedMean = 0;
      double[] w = mixture.weights();
      double[] mu = mixture.means();
      for (int k = 0; k < w.length; k++) {
        if (Math.abs(mu[k] - centre) < 1.5) {
          weight += w[k];
          weightedMean += w[k] * mu[k];
        }
      }
      assertThat(weight).as("weight near %s in %s", centre, mixture).isGreaterThan(0.4);
      // the sample mean of 2000 values has sd ≤ 0.016 and the noise moves a peak's centroid by ~0.01:
      // 0.1 is > 5 sd of both together
      assertThat(weightedMean / weight).as("mode near %s in %s", centre, mixture).isCloseTo(centre, within(0.1));
    }
  }

  @Test
  void flchain_transformerEncodesAndDecodesTheTrainingTable_categoriesExact() {
    double std = DpMetadata.noiseStdFor(1.0, 1e-5, DpMetadata.histogramCount(flchainSchema, ConditionalSampler.Mode.PAIR));
    DpMetadata m = estimate(flchain, flchainSchema, ConditionalSampler.Mode.PAIR, std, 13);
    DataTransformer transformer = m.transformer();
    EncodedMatrix encoded = transformer.transform(flchain, new SplittableRandom(14));
    assertThat(encoded.rows()).isEqualTo(flchain.rowCount());
    assertThat(encoded.width()).isEqualTo(transformer.layout().width());
    RoundTrip.Report r = RoundTrip.measure(transformer, flchain, new SplittableRandom(15));
    assertThat(r.categoricalExact()).as("%s", r).isTrue();
    assertThat(r.missingPreserved()).as("%s", r).isTrue();
    assertThat(r.integersExact()).as("%s", r).isTrue();
    assertThat(r.continuousMaxRelError()).as("%s", r).isLessThanOrEqualTo(1e-6);
    // the models take the declared metadata and carry missing unless the sidecar declares the column complete
    for (ColumnModel model : transformer.columnModels()) {
      if (model instanceof DiscreteColumnModel d) {
        assertThat(d.missingLevel()).as(d.name()).isEqualTo(!flchainSchema.column(d.name()).complete());
        assertThat(d.levels()).isEqualTo(flchainSchema.column(d.name()).levels());
      } else if (model instanceof NumericColumnModel n) {
        assertThat(n.missingIndicator()).as(n.name()).isEqualTo(!flchainSchema.column(n.name()).complete());
        assertThat(n.lower()).isEqualTo(flchainSchema.column(n.name()).lower());
        assertThat(n.upper()).isEqualTo(flchainSchema.column(n.name()).upper());
      }
    }
    assertThat(m.sampler().columns()).hasSize(5);
    assertThat(m.sampler().pairs()).hasSize(10);
  }

  @Test
  void handTable_transformerEncodesAndDecodesIt_categoriesExact() {
    DpMetadata m = estimate(handTable(), HAND_SCHEMA, ConditionalSampler.Mode.SINGLE, 1, 16);
    RoundTrip.Report r = RoundTrip.measure(m.transformer(), handTable(), new SplittableRandom(17));
    assertThat(r.categoricalExact()).as("%s", r).isTrue();
    assertThat(r.missingPreserved()).as("%s", r).isTrue();
  }

  @Test
  void bins_giveEachBoundItsOwnCell_andDrawValuesInsideTheCellTheyAreAskedFor() {
    var gain = DpMetadata.Bins.of(new ColumnSpec("gain", ColumnKind.INTEGER, List.of(), 0.0, 99999.0, null));
    assertThat(gain.count()).isEqualTo(102);
    assertThat(gain.index(0)).isZero();
    assertThat(gain.index(1)).isEqualTo(1);
    assertThat(gain.index(99999)).isEqualTo(101);
    assertThat(gain.index(99998)).isEqualTo(100);
    for (int cell = 0; cell < gain.count(); cell++) {
      for (double u : new double[] {0, 0.3, 0.999999}) {
        double v = gain.valueIn(cell, u, true);
        assertThat(v).as("cell %d, u %s", cell, u).isEqualTo(Math.rint(v));
        assertThat(gain.index(v)).as("cell %d, u %s", cell, u).isEqualTo(cell);
      }
    }
    var x = DpMetadata.Bins.of(new ColumnSpec("x", ColumnKind.CONTINUOUS, List.of(), 2.0, 10.0, null));
    assertThat(x.valueIn(1, 0.5, false)).isCloseTo(2.04, within(1e-12));
    assertThat(x.index(x.valueIn(100, 0.999999999, false))).isEqualTo(100);
    var ages = DpMetadata.Bins.of(new ColumnSpec("age", ColumnKind.INTEGER, List.of(), 16.0, 100.0, null));
    assertThat(ages.count()).isEqualTo(85);
    assertThat(ages.valueIn(4, 0.7, true)).isEqualTo(20.0);
  }

  @Test
  void noPositiveCount_fallsBackToOneModeAtTheRangeCentre() {
    var bins = DpMetadata.Bins.of(new ColumnSpec("v", ColumnKind.CONTINUOUS, List.of(), 2.0, 10.0, null));
    double[] counts = new double[bins.count() + 1];
    Arrays.fill(counts, -1);
    counts[bins.count()] = 50; // the missing bin does not enter the mixture
    GaussianMixture g = DpMetadata.mixtureOf("v", bins, counts, 0, Vbgmm.Options.defaults(), new SplittableRandom(1));
    assertThat(g.size()).isEqualTo(1);
    assertThat(g.means()[0]).isEqualTo(6.0);
    assertThat(g.stds()[0]).isEqualTo(2.0);
  }

  @Test
  void countsBelowTheNoiseFloor_addNoMode() {
    var bins = DpMetadata.Bins.of(new ColumnSpec("v", ColumnKind.CONTINUOUS, List.of(), 0.0, 10.0, null));
    double[] counts = new double[bins.count() + 1];
    counts[31] = 5000; // cell 0 is the lower bound, so bin k is cell k + 1
    counts[32] = 4000;
    counts[91] = 150; // like the positive noise of an empty bin, std 100: at most 2 std, dropped
    GaussianMixture g = DpMetadata.mixtureOf("v", bins, counts, 200, Vbgmm.Options.defaults(), new SplittableRandom(1));
    assertThat(Arrays.stream(g.means()).boxed().toList()).allSatisfy(m -> assertThat(m).isCloseTo(3.1, within(0.3)));
    GaussianMixture unfloored =
        DpMetadata.mixtureOf("v", bins, counts, 0, Vbgmm.Options.defaults(), new SplittableRandom(1));
    assertThat(Arrays.stream(unfloored.means()).max().orElseThrow()).isGreaterThan(8.0);
  }

  @Test
  void modeStds_areFlooredAtHalfABinWidth() {
    var bins = DpMetadata.Bins.of(new ColumnSpec("v", ColumnKind.CONTINUOUS, List.of(), 0.0, 10.0, null));
    double[] counts = new double[bins.count() + 1];
    counts[31] = 1000; // every value in one bin of width 0.1 (cell 0 is the lower bound)
    GaussianMixture g = DpMetadata.mixtureOf("v", bins, counts, 0, Vbgmm.Options.defaults(), new SplittableRandom(1));
    assertThat(g.means()[0]).isCloseTo(3.05, within(1e-6));
    assertThat(Arrays.stream(g.stds()).min().orElseThrow()).isGreaterThanOrEqualTo(0.05);
  }

  @Test
  void instance_keepsNoTableOrColumn() {
    for (Field f : DpMetadata.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        assertThat(Table.class.isAssignableFrom(f.getType())).as(f.getName()).isFalse();
        assertThat(Column.class.isAssignableFrom(f.getType())).as(f.getName()).isFalse();
        assertThat(f.getType()).as(f.getName()).isNotEqualTo(int[][].class); // no per-row category indices
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // rejected input

  @Test
  void missingPublicMetadata_isRejectedNamingEveryOffendingColumn() {
    Schema s = Schema.builder()
        .continuous("age")
        .integer("hours", 0, 99)
        .integer("year")
        .categorical("workclass")
        .ordinal("education")
        .categorical("sex", "F", "M")
        .bool("flag")
        .datetime("visit", "yyyy-MM-dd")
        .id("row")
        .build();
    for (var call : List.<Runnable>of(
        () -> DpMetadata.histogramCount(s, ConditionalSampler.Mode.SINGLE),
        () -> DpMetadata.estimate(Table.create("empty"), s, null, 1, GaussianNoise.insecureSeeded(1), OPTIONS,
            new SplittableRandom(1)))) {
      Throwable e = catchThrowable(call::run);
      assertThat(e).isInstanceOf(IllegalArgumentException.class);
      assertThat(e.getMessage())
          .contains("missing for: age (bounds), year (bounds), workclass (levels), education (levels)")
          .contains("min/max/levels")
          .contains("datetime columns")
          .endsWith(": visit")
          .doesNotContain("hours", "sex", "flag", "row");
    }
  }

  @Test
  void valueOutsideTheDeclaredLevels_isRejectedNamingRowAndColumn() {
    Table t = Table.create("t", StringColumn.create("c", "a", "b", "z"));
    Schema s = Schema.builder().categorical("c", "a", "b").build();
    assertThatThrownBy(() -> estimate(t, s, ConditionalSampler.Mode.SINGLE, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'c', row 3: value 'z' is not one of the declared levels [a, b]");
  }

  @Test
  void pairMode_withOneDiscreteColumn_isRejected() {
    Schema s = Schema.builder().categorical("c", "a", "b").continuous("v", 0, 1).build();
    assertThatThrownBy(() -> DpMetadata.histogramCount(s, ConditionalSampler.Mode.PAIR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pair conditioning needs at least 2 discrete columns; the schema has 1: [c]");
  }

  @Test
  void noDiscreteColumn_orNoMode_givesNoSampler_andNoPairTables() {
    Table t = Table.create("t", DoubleColumn.create("v", 0.1, 0.5, 0.9), StringColumn.create("c", "a", "b", "a"));
    Schema numericOnly = Schema.builder().continuous("v", 0, 1).build();
    DpMetadata a = estimate(t.selectColumns("v"), numericOnly, ConditionalSampler.Mode.PAIR, 1, 1);
    assertThat(a.sampler()).isNull();
    assertThat(a.columnCounts()).isEmpty();
    assertThat(a.pairCounts()).isEmpty();
    assertThat(a.histograms()).isEqualTo(1);
    Schema both = Schema.builder().continuous("v", 0, 1).categorical("c", "a", "b").build();
    DpMetadata b = estimate(t, both, null, 1, 1);
    assertThat(b.sampler()).isNull();
    assertThat(b.columnCounts()).hasNumberOfRows(1);
    assertThat(b.pairCounts()).isEmpty();
  }

  @Test
  void noiseStd_notFinitePositive_isRejected() {
    for (double std : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> estimate(handTable(), HAND_SCHEMA, null, std, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("noiseStd must be finite and > 0. Provided value: " + std);
    }
  }

  @Test
  void emptyTable_isRejected() {
    Table t = handTable().emptyCopy();
    assertThatThrownBy(() -> estimate(t, HAND_SCHEMA, null, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty table");
  }

  @Test
  void nullArguments_areRejected() {
    var noise = GaussianNoise.insecureSeeded(1);
    var rng = new SplittableRandom(1);
    List<Runnable> calls = new ArrayList<>();
    calls.add(() -> DpMetadata.estimate(null, HAND_SCHEMA, null, 1, noise, OPTIONS, rng));
    calls.add(() -> DpMetadata.estimate(handTable(), null, null, 1, noise, OPTIONS, rng));
    calls.add(() -> DpMetadata.estimate(handTable(), HAND_SCHEMA, null, 1, null, OPTIONS, rng));
    calls.add(() -> DpMetadata.estimate(handTable(), HAND_SCHEMA, null, 1, noise, null, rng));
    calls.add(() -> DpMetadata.estimate(handTable(), HAND_SCHEMA, null, 1, noise, OPTIONS, null));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
    }
  }
}
