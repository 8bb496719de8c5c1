package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.Decoder;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.GaussianMixture;
import org.dpcgan.core.internal.transform.NumericColumnModel;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class MarginalMatchingTest {
  /** A (2 levels), x (integers 0..9, one cell each), B (3 levels); complete columns. */
  private static final Schema SCHEMA = Schema.builder().categorical("A", "a0", "a1").integer("x", 0, 9)
      .categorical("B", "b0", "b1", "b2").complete("A", "x", "B").build();
  private static final DataTransformer TRANSFORMER = DataTransformer.fromModels(List.of(
      new DiscreteColumnModel("A", ColumnKind.CATEGORICAL, List.of("a0", "a1"), false),
      new NumericColumnModel("x", ColumnKind.INTEGER,
          new GaussianMixture(new double[] {1}, new double[] {4.5}, new double[] {3}), false, 0.0, 9.0, null),
      new DiscreteColumnModel("B", ColumnKind.CATEGORICAL, List.of("b0", "b1", "b2"), false)));

  /**
   * {@code rows} generated rows, decoded: A = a1 in the first {@code aOnes}; B = b0, b0, b0, b1, b2 by row mod 5
   * (60/20/20), independent of A; x = row mod 5, so only 0..4 (a generator that collapsed onto half the range).
   */
  private static Decoder pool(int rows, int aOnes) {
    String[] a = new String[rows];
    String[] b = new String[rows];
    int[] x = new int[rows];
    for (int r = 0; r < rows; r++) {
      a[r] = r < aOnes ? "a1" : "a0";
      b[r] = "b" + Math.max(0, r % 5 - 2);
      x[r] = r % 5;
    }
    Table t = Table.create("pool", StringColumn.create("A", a), IntColumn.create("x", x), StringColumn.create("B", b));
    Decoder d = TRANSFORMER.decoder(rows, 0);
    d.decode(TRANSFORMER.transform(t, new SplittableRandom(1)).data(), rows, 0);
    return d;
  }

  private static MarginalMatching matching(double[][] columns, double[] x) {
    ConditionalSampler sampler = ConditionalSampler.fromCounts(TRANSFORMER.layout(), ConditionalSampler.Mode.SINGLE,
        columns, new double[0][]);
    return MarginalMatching.of(SCHEMA, TRANSFORMER, sampler, Optional.empty(),
        Optional.of(new Synthesizer.ReleasedCounts(new double[][] {x}, columns, new double[0][]))).orElseThrow();
  }

  private static double[] frequencies(int[] values, int[] kept, int levels) {
    double[] f = new double[levels];
    for (int r : kept) {
      f[values[r]] += 1.0 / kept.length;
    }
    return f;
  }

  @Test
  void theKeptRows_haveEveryTablesFrequencies_andNumericValuesKeepTheirRankOrder() {
    // generated: A = a1 in 40 % of the rows, B 60/20/20, x on 0..4; the tables: A 50/50, B 1/3 each, x uniform 0..9
    int rows = 5000;
    Decoder pool = pool(rows, 2000);
    double[] generatedX = pool.values(1).clone();
    MarginalMatching m = matching(new double[][] {{500, 500}, {100, 100, 100}},
        new double[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
    int[] kept = m.select(pool, rows, 1000, new SplittableRandom(5));

    assertThat(kept).hasSize(1000).isSorted().doesNotHaveDuplicates();
    assertThat(frequencies(pool.categories(0), kept, 2)[1]).isCloseTo(0.5, offset(0.03));
    for (double f : frequencies(pool.categories(2), kept, 3)) {
      assertThat(f).isCloseTo(1.0 / 3, offset(0.03));
    }
    int[] x = new int[rows];
    for (int r = 0; r < rows; r++) {
      x[r] = (int) pool.values(1)[r];
    }
    for (double f : frequencies(x, kept, 10)) {
      assertThat(f).isCloseTo(0.1, offset(0.002));   // exact but for rounding: 100 of each value
    }
    for (int i : kept) {
      for (int j : kept) {
        if (generatedX[i] < generatedX[j]) {
          assertThat(pool.values(1)[i]).isLessThanOrEqualTo(pool.values(1)[j]);
        }
      }
    }
  }

  @Test
  void theMissingShareOfANumericColumn_isItsTables_keptRowsMadeMissingByTheGeneratorTakeTheirOwnValues() {
    Schema schema = Schema.builder().categorical("A", "a0", "a1").integer("x", 0, 9)
        .categorical("B", "b0", "b1", "b2").complete("A", "B").build();
    DataTransformer transformer = DataTransformer.fromModels(List.of(TRANSFORMER.columnModels().get(0),
        new NumericColumnModel("x", ColumnKind.INTEGER,
            new GaussianMixture(new double[] {1}, new double[] {4.5}, new double[] {3}), true, 0.0, 9.0, null),
        TRANSFORMER.columnModels().get(2)));
    ConditionalSampler sampler = ConditionalSampler.fromCounts(transformer.layout(), ConditionalSampler.Mode.SINGLE,
        new double[][] {{500, 500}, {600, 200, 200}}, new double[0][]);
    int xIndicator = transformer.layout().column("x").offset() + 2;   // α, one mode, then [present, missing]
    int width = transformer.layout().width();
    for (double generatedMissing : new double[] {0.8, 0.05}) {
      // generated: x = row mod 5 everywhere, flagged missing in the given share of rows; the table: 30 % missing
      int rows = 5000;
      Table t = Table.create("pool", StringColumn.create("A", rows).setMissingTo("a0"),
          IntColumn.create("x", java.util.stream.IntStream.range(0, rows).map(r -> r % 5).toArray()),
          StringColumn.create("B", rows).setMissingTo("b0"));
      float[] data = transformer.transform(t, new SplittableRandom(1)).data();
      SplittableRandom flags = new SplittableRandom(2);
      for (int r = 0; r < rows; r++) {
        if (flags.nextDouble() < generatedMissing) {
          data[r * width + xIndicator] = 0;
          data[r * width + xIndicator + 1] = 1;
        }
      }
      Decoder pool = transformer.decoder(rows, 0);
      pool.decode(data, rows, 0);
      MarginalMatching m = MarginalMatching.of(schema, transformer, sampler, Optional.empty(), Optional.of(
          new Synthesizer.ReleasedCounts(new double[][] {{140, 140, 140, 140, 140, 0, 0, 0, 0, 0, 300}},
              new double[][] {{500, 500}, {600, 200, 200}}, new double[0][]))).orElseThrow();
      int[] kept = m.select(pool, rows, 1000, new SplittableRandom(5));

      long missing = java.util.Arrays.stream(kept).filter(r -> Double.isNaN(pool.values(1)[r])).count();
      assertThat(missing).as("generated missing share %s", generatedMissing).isEqualTo(300);
      long own = java.util.Arrays.stream(kept).filter(r -> pool.values(1)[r] == r % 5).count();
      // the generator's own value (the quantile mapping moves a few ties between cells); a flipped row that took the
      // value its missing encoding decodes to (4) would leave about 300 of the 700
      assertThat(own).as("present values that are the row's own").isGreaterThanOrEqualTo(600);
    }
  }

  @Test
  void negativeNoisyCounts_countAsZero_andTheSameRandomStateKeepsTheSameRows() {
    MarginalMatching m = matching(new double[][] {{70, -5}, {10, 10, 10}},
        new double[] {40, 40, 40, -20, 0, 0, 0, 0, 0, 0});
    int[] a = m.select(pool(600, 300), 600, 300, new SplittableRandom(9));
    int[] b = m.select(pool(600, 300), 600, 300, new SplittableRandom(9));
    assertThat(a).isEqualTo(b);
    // A = a1 has a target of 0: it is kept only when nothing else is left (300 rows with A = a0 exist)
    assertThat(frequencies(pool(600, 300).categories(0), a, 2)[1]).isZero();
  }

  @Test
  void distribution_isTheLeastSquaresProjectionOntoTheTablesWithTheEstimatedRowCount() {
    // sorted 10, 4, 1, -3: τ = 1 keeps 9 and 3, which sum to 12
    assertThat(MarginalMatching.distribution(new double[] {10, 4, -3, 1}, 12))
        .containsExactly(new double[] {0.75, 0.25, 0, 0}, offset(1e-12));
    // exact counts are kept as they are
    assertThat(MarginalMatching.distribution(new double[] {3, 0, 1}, 4))
        .containsExactly(new double[] {0.75, 0, 0.25}, offset(1e-12));
    // totals 20 (2 cells) and 30 (5 cells), weighted by the inverse of their noise variance: (10 + 6) / 0.7
    assertThat(MarginalMatching.estimatedRows(List.of(new double[] {10, 10}, new double[] {5, 5, 5, 5, 10})))
        .isCloseTo(16 / 0.7, offset(1e-9));
  }

  @Test
  void aPairTable_isRakedToItsOneWayTables_andACellProjectedToZeroKeepsAFloorUnderIndependence() {
    // 2 × 2, the projection left (1, 1) empty; the one-way tables say 60/40 and 50/50
    double[] p = MarginalMatching.withMargins(new double[] {0.5, 0.3, 0.2, 0}, new double[] {0.6, 0.4},
        new double[] {0.5, 0.5});
    assertThat(p[0] + p[1]).isCloseTo(0.6, offset(1e-6));
    assertThat(p[2] + p[3]).isCloseTo(0.4, offset(1e-6));
    assertThat(p[0] + p[2]).isCloseTo(0.5, offset(1e-6));
    assertThat(p[1] + p[3]).isCloseTo(0.5, offset(1e-6));
    assertThat(p[3]).isGreaterThan(0.5 * MarginalMatching.PAIR_FLOOR * 0.4 * 0.5);
    // a table that already has its margins and no small cell is kept
    assertThat(MarginalMatching.withMargins(new double[] {0.3, 0.3, 0.2, 0.2}, new double[] {0.6, 0.4},
        new double[] {0.5, 0.5})).containsExactly(new double[] {0.3, 0.3, 0.2, 0.2}, offset(1e-12));
  }

  @Test
  void countsThatDoNotFitTheColumns_areRefusedAsACorruptModel() {
    ConditionalSampler sampler = ConditionalSampler.fromCounts(TRANSFORMER.layout(), ConditionalSampler.Mode.SINGLE,
        new double[][] {{1, 1}, {1, 1, 1}}, new double[0][]);
    assertThatThrownBy(() -> MarginalMatching.of(SCHEMA, TRANSFORMER, sampler, Optional.empty(), Optional.of(
        new Synthesizer.ReleasedCounts(new double[][] {{1, 1, 1}}, new double[][] {{1, 1}, {1, 1, 1}},
            new double[0][]))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model's cells of x hold 3 entries where its columns need 10");
  }
}
