package org.dpcgan.eval.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.dpcgan.eval.TestData;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PmseTest {
  /** Two-sided tail probability of the χ² band below: a false failure about once in 5,000 runs. */
  private static final double TAIL = 1e-4;

  @Test
  void pmse_handCase() {
    // c = 2/4 = 0.5; (0.5−0.5)² + (0.5−0.5)² + (0.2−0.5)² + (0.8−0.5)² = 0.18; / 4 = 0.045.
    assertThat(Pmse.pmse(new double[] {0.5, 0.5, 0.2, 0.8}, 2)).isCloseTo(0.045, within(1e-15));
  }

  @Test
  void expected_isSnokeNullExpectation() {
    // k = 8, n_r = 240, n_s = 180: N = 420, c = 3/7; 8 · (4/7)² · (3/7) / 420 = 384 / 144060.
    assertThat(Pmse.expected(8, 240, 180)).isCloseTo(384.0 / 144060.0, within(1e-18));
  }

  @Test
  void realAgainstItself_isZero() {
    // Every row appears once as real and once as synthetic, so the fitted propensity is c = ½ everywhere.
    Table adult = TestData.adult().inRange(0, 2000);
    PmseReport r = Pmse.evaluate(EncodedTables.encode(adult, adult, null, Map.of()), 10_000, 1, w -> {});
    assertThat(r.pmse()).isLessThan(1e-20);
    assertThat(r.standardised()).isLessThan(1e-15);
  }

  @Test
  void resampleOfTheRealRows_hasStandardisedPmseNearOne() {
    // Snoke et al.'s null: synthetic rows drawn from the real rows' distribution given the real rows — here a
    // bootstrap resample. Then N·pMSE / ((1−c)²c) is asymptotically χ²_k, i.e. k·S_pMSE ~ χ²_k; the band is
    // its [1e−4, 1 − 1e−4] quantiles (for k ≈ 70, S_pMSE within about [0.5, 1.7]). Over 40 seeds at 5,000
    // rows the mean S_pMSE was 1.02 (see docs/evaluation.md).
    Table real = TestData.adult().inRange(0, 4000);
    Table syn = resample(real, real.rowCount(), new SplittableRandom(17));
    PmseReport r = Pmse.evaluate(EncodedTables.encode(real, syn, null, Map.of()), 10_000, 1, w -> {});
    assertWithinChiSquaredBand(r.standardised() * r.parameters(), r.parameters());
  }

  @Test
  void independentRealSample_hasStandardisedPmseNearOneOverOneMinusC() {
    // Two independent samples of one population: the score's variance is 1/(1−c) times that under Snoke's null,
    // so (1−c)·k·S_pMSE ~ χ²_k (40 seeds at 5,000 rows: mean S_pMSE 1.99 with c ≈ ½).
    Table adult = TestData.adult();
    Table real = adult.inRange(0, 4000);
    Table syn = adult.inRange(4000, 7000);
    PmseReport r = Pmse.evaluate(EncodedTables.encode(real, syn, null, Map.of()), 10_000, 1, w -> {});
    double c = 3000.0 / 7000.0;
    assertWithinChiSquaredBand((1 - c) * r.standardised() * r.parameters(), r.parameters());
    assertThat(r.standardised()).isGreaterThan(1.0);
  }

  @Test
  void levelOnlyTheSyntheticTableHas_separatesAndWarns() {
    Table real = TestData.adult().inRange(0, 2000);
    Table syn = TestData.adult().inRange(2000, 4000);
    String[] sex = syn.stringColumn("sex").asObjectArray();
    for (int i = 0; i < 300; i++) {
      sex[i] = "Unknown";
    }
    syn.replaceColumn("sex", StringColumn.create("sex", sex));
    List<String> warnings = new ArrayList<>();
    PmseReport r = Pmse.evaluate(EncodedTables.encode(real, syn, null, Map.of()), 10_000, 1, warnings::add);
    assertThat(warnings).anyMatch(w -> w.startsWith("pMSE: the propensity model has fitted probabilities of 0 or 1"));
    assertThat(r.standardised()).isGreaterThan(10.0);
  }

  @Test
  void maxRows_capsEachTable() {
    Table adult = TestData.adult().inRange(0, 3000);
    PmseReport r = Pmse.evaluate(EncodedTables.encode(adult, adult.inRange(0, 500), null, Map.of()), 800, 3, w -> {});
    assertThat(r.realRows()).isEqualTo(800);
    assertThat(r.syntheticRows()).isEqualTo(500);
  }

  private static void assertWithinChiSquaredBand(double statistic, int k) {
    ChiSquaredDistribution chi2 = new ChiSquaredDistribution(k);
    assertThat(statistic)
        .isBetween(chi2.inverseCumulativeProbability(TAIL / 2), chi2.inverseCumulativeProbability(1 - TAIL / 2));
  }

  /** {@code n} rows drawn with replacement (tablesaw's {@code rows(int...)} would drop repeated indices). */
  static Table resample(Table t, int n, SplittableRandom rng) {
    Table out = t.emptyCopy();
    for (int i = 0; i < n; i++) {
      out.addRow(rng.nextInt(t.rowCount()), t);
    }
    return out;
  }
}
