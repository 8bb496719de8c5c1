package org.dpcgan.core.internal.gan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.Layout;
import org.junit.jupiter.api.Test;

class ConditionalSamplerCountsTest {
  private static final Layout TWO_COLUMNS = DataTransformer.fromModels(List.of(
      new DiscreteColumnModel("a", ColumnKind.CATEGORICAL, List.of("x", "y"), false),
      new DiscreteColumnModel("b", ColumnKind.CATEGORICAL, List.of("u", "v", "w"), false))).layout();

  private static final double[][] COUNTS = {{900, 100}, {10, 0, 90}};

  /** Share of rows whose condition picks {@code category} of {@code column}, among rows picking that column. */
  private static double share(ConditionalSampler.Conditions c, int column, int category) {
    int picked = 0;
    int hit = 0;
    for (int b = 0; b < c.batch(); b++) {
      if (c.firstColumn()[b] == column) {
        picked++;
        hit += c.firstCategory()[b] == category ? 1 : 0;
      }
    }
    return (double) hit / picked;
  }

  @Test
  void empiricalConditions_followTheCounts_whileTrainingConditionsFollowLogCounts() {
    var sampler = ConditionalSampler.fromCounts(TWO_COLUMNS, ConditionalSampler.Mode.SINGLE, COUNTS, null);
    int n = 40_000; // about 20 000 rows per column
    // Binomial share with p = 0.9 over ~20 000 rows has sd ≈ 0.0021; 0.015 is > 7 sd (false failure < 1e-11).
    var empirical = sampler.sampleEmpiricalConditions(n, new SplittableRandom(1));
    assertThat(share(empirical, 0, 0)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.015));
    assertThat(share(empirical, 1, 1)).isZero(); // a zero count is never drawn
    var training = sampler.sampleConditions(n, new SplittableRandom(1));
    double logShare = Math.log1p(900) / (Math.log1p(900) + Math.log1p(100));
    assertThat(share(training, 0, 0)).isCloseTo(logShare, org.assertj.core.data.Offset.offset(0.015));
  }

  @Test
  void empiricalPairConditions_followTheJointCounts() {
    double[][] pair = {{0, 0, 300, 100, 0, 600}}; // cells (x,u) (x,v) (x,w) (y,u) (y,v) (y,w)
    var sampler = ConditionalSampler.fromCounts(TWO_COLUMNS, ConditionalSampler.Mode.PAIR, COUNTS, pair);
    var c = sampler.sampleEmpiricalConditions(20_000, new SplittableRandom(2));
    int yw = 0;
    for (int b = 0; b < c.batch(); b++) {
      assertThat(c.secondColumn()[b]).isEqualTo(1);
      int cell = c.firstCategory()[b] * 3 + c.secondCategory()[b];
      assertThat(cell).isIn(2, 3, 5);
      yw += cell == 5 ? 1 : 0;
    }
    // share 0.6 over 20 000 rows: sd ≈ 0.0035; 0.02 is > 5 sd (false failure < 1e-6).
    assertThat(yw / 20_000.0).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void counts_areCopies_withNegativeValuesAsZero() {
    double[][] counts = {{-5, 10}, {1, 2, 3}};
    var sampler = ConditionalSampler.fromCounts(TWO_COLUMNS, ConditionalSampler.Mode.SINGLE, counts, null);
    double[][] read = sampler.columnCounts();
    assertThat(read[0]).containsExactly(0, 10);
    read[1][0] = 99;
    assertThat(sampler.columnCounts()[1]).containsExactly(1, 2, 3);
    assertThat(sampler.pairCounts()).isEmpty();
  }
}
