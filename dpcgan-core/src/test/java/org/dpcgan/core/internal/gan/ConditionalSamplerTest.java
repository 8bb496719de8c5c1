package org.dpcgan.core.internal.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.transform.ColumnLayout;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.EncodedMatrix;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.core.testing.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tech.tablesaw.api.Table;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalSamplerTest {

  private Table train;
  private DataTransformer transformer;
  private EncodedMatrix encoded;
  private ConditionalSampler single;
  private ConditionalSampler pair;

  @BeforeAll
  void setUp() {
    train = DataFiles.adultTrain();
    transformer = DataTransformer.fit(train, DataFiles.schema("adult"), TransformerOptions.defaults(), new SplittableRandom(1));
    encoded = transformer.transform(train, new SplittableRandom(2));
    single = ConditionalSampler.fromTable(transformer, train, ConditionalSampler.Mode.SINGLE);
    pair = ConditionalSampler.fromTable(transformer, train, ConditionalSampler.Mode.PAIR);
  }

  /** |observed − expected| for a binomial count, in standard deviations. */
  private static double z(long observed, long n, double p) {
    return Math.abs(observed - n * p) / Math.sqrt(n * p * (1 - p));
  }

  @Test
  void single_columnAndCategoryRatesMatchLogFrequency() {
    int n = 200_000;
    ConditionalSampler.Conditions c = single.sampleConditions(n, new SplittableRandom(3));
    List<ConditionalSampler.DiscreteColumn> cols = single.columns();
    int d = cols.size();
    long[] columnHits = new long[d];
    long[][] hits = new long[d][];
    for (int i = 0; i < d; i++) {
      hits[i] = new long[cols.get(i).categories()];
    }
    for (int b = 0; b < n; b++) {
      columnHits[c.firstColumn()[b]]++;
      hits[c.firstColumn()[b]][c.firstCategory()[b]]++;
      assertThat(c.secondColumn()[b]).isEqualTo(-1);
    }
    // Expected rates from the raw counts: P(column i, category k) = 1/d · log(1 + n_ik) / Σ_j log(1 + n_ij).
    // Each of the 1 + 9 + 117 checks allows 5 standard deviations: two-sided false-failure rate 5.7e-7
    // per check, below 1e-4 for the whole test.
    int cells = 0;
    for (int i = 0; i < d; i++) {
      assertThat(z(columnHits[i], n, 1.0 / d)).as("column %s", cols.get(i).name()).isLessThan(5);
      ColumnLayout layout = transformer.layout().discreteColumns().get(i);
      int[] category = transformer.categoryIndices(train, layout);
      double[] count = new double[cols.get(i).categories()];
      for (int k : category) {
        count[k]++;
      }
      double norm = 0;
      for (double v : count) {
        norm += Math.log1p(v);
      }
      for (int k = 0; k < count.length; k++) {
        double p = Math.log1p(count[k]) / norm / d;
        if (p == 0) {
          assertThat(hits[i][k]).isZero();
        } else {
          assertThat(z(hits[i][k], n, p)).as("column %s category %d", cols.get(i).name(), k).isLessThan(5);
        }
        cells++;
      }
    }
    assertThat(cells).isGreaterThan(100);
  }

  @Test
  void single_sampledRowsCarryTheirCondition() {
    var rng = new SplittableRandom(4);
    ConditionalSampler.Conditions c = single.sampleConditions(5_000, rng);
    int[] rows = single.sampleRows(c, rng);
    for (int b = 0; b < rows.length; b++) {
      var col = single.columns().get(c.firstColumn()[b]);
      assertThat(encoded.get(rows[b], col.dataOffset() + c.firstCategory()[b])).isEqualTo(1f);
      assertThat(c.vectors()[b * c.width() + col.conditionOffset() + c.firstCategory()[b]]).isEqualTo(1f);
    }
  }

  @Test
  void pair_coversEveryPairWithCorrectOffsetsOnAdult() {
    List<ConditionalSampler.DiscreteColumn> cols = pair.columns();
    assertThat(cols).hasSize(9);
    assertThat(pair.pairs()).hasSize(36);
    int offset = 0;
    for (var col : cols) {
      assertThat(col.conditionOffset()).isEqualTo(offset);
      assertThat(col.dataOffset()).isEqualTo(transformer.layout().column(col.name()).levelSpan().offset());
      offset += col.categories();
    }
    assertThat(pair.conditionWidth()).isEqualTo(offset);
    var country = cols.stream().filter(c -> c.name().equals("native-country")).findFirst().orElseThrow();
    assertThat(country.categories()).isEqualTo(42);

    var rng = new SplittableRandom(5);
    int n = 50_000;
    ConditionalSampler.Conditions c = pair.sampleConditions(n, rng);
    int[] rows = pair.sampleRows(c, rng);
    boolean[] seen = new boolean[pair.pairs().size()];
    boolean countryHit = false;
    for (int b = 0; b < n; b++) {
      int i = c.firstColumn()[b];
      int j = c.secondColumn()[b];
      assertThat(i).isLessThan(j);
      seen[pair.pairIndex(i, j)] = true;
      var a = cols.get(i);
      var s = cols.get(j);
      // exactly two hot bits, at the right offsets
      int hot = 0;
      for (int k = 0; k < c.width(); k++) {
        hot += c.vectors()[b * c.width() + k] == 1f ? 1 : 0;
      }
      assertThat(hot).isEqualTo(2);
      assertThat(c.vectors()[b * c.width() + a.conditionOffset() + c.firstCategory()[b]]).isEqualTo(1f);
      assertThat(c.vectors()[b * c.width() + s.conditionOffset() + c.secondCategory()[b]]).isEqualTo(1f);
      // the real row carries both levels
      assertThat(encoded.get(rows[b], a.dataOffset() + c.firstCategory()[b])).isEqualTo(1f);
      assertThat(encoded.get(rows[b], s.dataOffset() + c.secondCategory()[b])).isEqualTo(1f);
      countryHit |= j == country.index() && c.secondCategory()[b] >= 30;
    }
    for (int p = 0; p < seen.length; p++) {
      assertThat(seen[p]).as("pair %s sampled", pair.pairs().get(p)).isTrue();
    }
    assertThat(countryHit).as("late native-country levels reached").isTrue();
    float[] mask = c.mask();
    assertThat(mask).hasSize(n * cols.size());
  }

  @Test
  void pair_jointRatesMatchLogFrequencyOfJointCounts() {
    int sex = index("sex");
    int income = index("income");
    int p = pair.pairIndex(sex, income);
    int[] a = transformer.categoryIndices(train, transformer.layout().column("sex"));
    int[] b = transformer.categoryIndices(train, transformer.layout().column("income"));
    double[] joint = new double[4];
    for (int r = 0; r < a.length; r++) {
      joint[a[r] * 2 + b[r]]++;
    }
    double norm = 0;
    for (double v : joint) {
      norm += Math.log1p(v);
    }
    int n = 360_000;
    ConditionalSampler.Conditions c = pair.sampleConditions(n, new SplittableRandom(6));
    long[] hits = new long[4];
    for (int i = 0; i < n; i++) {
      if (pair.pairIndex(c.firstColumn()[i], c.secondColumn()[i]) == p) {
        hits[c.firstCategory()[i] * 2 + c.secondCategory()[i]]++;
      }
    }
    // 4 checks at 5 standard deviations: false-failure rate below 3e-6
    for (int k = 0; k < 4; k++) {
      double prob = Math.log1p(joint[k]) / norm / pair.pairs().size();
      assertThat(z(hits[k], n, prob)).as("cell %d", k).isLessThan(5);
    }
  }

  @Test
  void empirical_categoryRatesMatchRawFrequency() {
    int n = 180_000;
    ConditionalSampler.Conditions c = single.sampleEmpiricalConditions(n, new SplittableRandom(21));
    int income = index("income");
    int[] category = transformer.categoryIndices(train, transformer.layout().column("income"));
    long rich = 0;
    for (int k : category) {
      rich += k;
    }
    long[] hits = new long[2];
    for (int b = 0; b < n; b++) {
      if (c.firstColumn()[b] == income) {
        hits[c.firstCategory()[b]]++;
      }
    }
    // P(income chosen and level k) = 1/9 · n_k / N; 2 checks at 5 standard deviations (false failures < 2e-6)
    double pRich = (double) rich / category.length / single.columns().size();
    assertThat(z(hits[1], n, pRich)).isLessThan(5);
    assertThat(z(hits[0], n, 1.0 / single.columns().size() - pRich)).isLessThan(5);
  }

  @Test
  void empiricalOnes_areWhereTheEmpiricalConditionVectorsHaveTheirOnes_forTheSameDraws() {
    for (ConditionalSampler sampler : List.of(single, pair)) {
      int n = 500;
      int width = sampler.conditionWidth();
      float[] vectors = sampler.sampleEmpiricalConditions(n, new SplittableRandom(23)).vectors();
      int[] ones = sampler.sampleEmpiricalOnes(n, new SplittableRandom(23));
      assertThat(ones).hasSize(2 * n);
      for (int b = 0; b < n; b++) {
        List<Integer> expected = new ArrayList<>();
        for (int j = 0; j < width; j++) {
          if (vectors[b * width + j] == 1f) {
            expected.add(j);
          }
        }
        List<Integer> actual = new ArrayList<>();
        for (int one : new int[] {ones[2 * b], ones[2 * b + 1]}) {
          if (one >= 0) {
            actual.add(one);
          }
        }
        assertThat(actual).as("row %d", b).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(ones[1] < 0).isEqualTo(sampler == single);
    }
  }

  @Test
  void conditionsOfRows_chooseEveryColumnAndPairUniformly() {
    // 60,000 rows over the pair sampler's pairs: each pair's share within 5 standard errors of 1/pairs.
    int n = 60_000;
    var rng = new SplittableRandom(23);
    int[] rows = new int[n];
    ConditionalSampler.Conditions c = pair.conditionsOfRows(rows, rng.doubles(n).toArray());
    int pairs = pair.pairs().size();
    int[] hits = new int[pairs];
    for (int b = 0; b < n; b++) {
      for (int k = 0; k < pairs; k++) {
        if (pair.pairs().get(k).first() == c.firstColumn()[b] && pair.pairs().get(k).second() == c.secondColumn()[b]) {
          hits[k]++;
        }
      }
    }
    double p = 1.0 / pairs;
    for (int h : hits) {
      assertThat((double) h / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
    }
  }

  @Test
  void conditionsOfRows_takeEachRowsOwnLevels() {
    var rng = new SplittableRandom(22);
    int[] rows = new int[3_000];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = rng.nextInt(train.rowCount());
    }
    for (ConditionalSampler s : List.of(single, pair)) {
      ConditionalSampler.Conditions c = s.conditionsOfRows(rows, rng.doubles(rows.length).toArray());
      for (int b = 0; b < rows.length; b++) {
        var first = s.columns().get(c.firstColumn()[b]);
        assertThat(encoded.get(rows[b], first.dataOffset() + c.firstCategory()[b])).isEqualTo(1f);
        assertThat(c.vectors()[b * c.width() + first.conditionOffset() + c.firstCategory()[b]]).isEqualTo(1f);
        if (s == pair) {
          var second = s.columns().get(c.secondColumn()[b]);
          assertThat(encoded.get(rows[b], second.dataOffset() + c.secondCategory()[b])).isEqualTo(1f);
        } else {
          assertThat(c.secondColumn()[b]).isEqualTo(-1);
        }
      }
    }
    assertThatThrownBy(() -> single.conditionsOfRows(new int[] {train.rowCount()}, new double[] {0.5}))
        .hasMessageContaining("row indices must be in [0, 32561). Provided value: 32561");
    assertThatThrownBy(() -> single.conditionsOfRows(new int[] {0}, new double[] {1.0}))
        .hasMessage("choices must be in [0, 1). Provided value: 1.0");
  }

  @Test
  void fromRows_readingTheEncodedCodes_isTheSamplerFromTheTable() {
    TrainingRows rows = transformer.encode(train, new SplittableRandom(2));
    var rng = new SplittableRandom(23);
    int[] picked = rng.ints(500, 0, train.rowCount()).toArray();
    double[] choices = rng.doubles(picked.length).toArray();
    for (ConditionalSampler.Mode mode : ConditionalSampler.Mode.values()) {
      ConditionalSampler fromTable = mode == ConditionalSampler.Mode.SINGLE ? single : pair;
      ConditionalSampler fromRows = ConditionalSampler.fromRows(transformer.layout(), rows, mode);
      assertThat(fromRows.columnCounts()).isDeepEqualTo(fromTable.columnCounts());
      assertThat(fromRows.pairCounts()).isDeepEqualTo(fromTable.pairCounts());
      assertThat(fromRows.conditionsOfRows(picked, choices).vectors())
          .isEqualTo(fromTable.conditionsOfRows(picked, choices).vectors());
      ConditionalSampler.Conditions c = fromTable.sampleConditions(300, new SplittableRandom(24));
      assertThat(fromRows.sampleRows(c, new SplittableRandom(25)))
          .isEqualTo(fromTable.sampleRows(c, new SplittableRandom(25)));
    }
  }

  private int index(String name) {
    return pair.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().index();
  }

  @Test
  void conditionFor_setsTheNamedLevels() {
    var cond = new LinkedHashMap<String, String>();
    cond.put("sex", "Female");
    cond.put("native-country", "");
    float[] v = pair.conditionFor(cond);
    var sex = pair.columns().get(index("sex"));
    var country = pair.columns().get(index("native-country"));
    assertThat(v[sex.conditionOffset()]).isEqualTo(1f); // Female is level 0
    assertThat(v[country.conditionOffset() + 41]).isEqualTo(1f); // missing level last
    float sum = 0;
    for (float x : v) {
      sum += x;
    }
    assertThat(sum).isEqualTo(2f);
  }

  @Test
  void conditionFor_unknownColumn_listsTheValidOnes() {
    assertThatThrownBy(() -> single.conditionFor(Map.of("age", "40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be one of the discrete columns [workclass, education, marital-status")
        .hasMessageContaining("Provided: 'age'");
  }

  @Test
  void conditionFor_unknownValue_listsTheValidOnes() {
    assertThatThrownBy(() -> single.conditionFor(Map.of("sex", "Other")))
        .hasMessageContaining("condition value of column 'sex' must be one of [Female, Male]. Provided: 'Other'");
  }

  @Test
  void conditionFor_tooManyColumns_isRejected() {
    assertThatThrownBy(() -> single.conditionFor(Map.of("sex", "Male", "income", ">50K")))
        .hasMessageContaining("a single-mode condition names 1 column");
  }

  @Test
  void fromCounts_samplesOnlyPositiveCountsAndHasNoRows() {
    Layout layout = transformer.layout();
    var cols = layout.discreteColumns();
    double[][] counts = new double[cols.size()][];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new double[cols.get(i).levelSpan().width()];
      java.util.Arrays.fill(counts[i], -5); // noisy counts below 0 count as 0
      counts[i][1] = 10;
    }
    var s = ConditionalSampler.fromCounts(layout, ConditionalSampler.Mode.SINGLE, counts, null);
    ConditionalSampler.Conditions c = s.sampleConditions(1_000, new SplittableRandom(7));
    for (int k : c.firstCategory()) {
      assertThat(k).isEqualTo(1);
    }
    assertThatThrownBy(() -> s.sampleRows(c, new SplittableRandom(8))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fromCounts_wrongLength_isRejected() {
    assertThatThrownBy(() -> ConditionalSampler.fromCounts(transformer.layout(), ConditionalSampler.Mode.SINGLE,
        new double[][] {{1, 2}}, null))
        .hasMessageContaining("columnCounts must have one array per discrete column (9). Provided: 1");
  }

  @Test
  void pairMode_withOneDiscreteColumn_isRejected() {
    Table t = train.selectColumns("age", "sex");
    var tr = DataTransformer.fit(t, Schema.builder().integer("age").categorical("sex").build(), TransformerOptions.defaults(),
        new SplittableRandom(9));
    assertThatThrownBy(() -> ConditionalSampler.fromTable(tr, t, ConditionalSampler.Mode.PAIR))
        .hasMessageContaining("pair conditioning needs at least 2 discrete columns; the layout has 1: [sex]");
  }
}
