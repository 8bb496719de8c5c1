package org.dpcgan.eval.internal.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.dpcgan.eval.fidelity.CorrelationMethod;
import org.junit.jupiter.api.Test;

/** Every metric on tiny inputs whose value is derived by hand in the comment above the assertion. */
class FidelityMetricsTest {
  private static final double NAN = Double.NaN;

  @Test
  void threeWaySimilarity_seesARelationThatEveryPairMisses() {
    // real c = a XOR b, synthetic c = NOT (a XOR b): each pair is uniform over its 4 cells in both tables, so every
    // ContingencySimilarity is 1; the three-way tables have disjoint supports, so their similarity is 0.
    int[] a = {0, 0, 1, 1};
    int[] b = {0, 1, 0, 1};
    int[] realC = {0, 1, 1, 0};
    int[] synC = {1, 0, 0, 1};
    assertThat(FidelityMetrics.contingencySimilarity(a, realC, a, synC, 2, 2)).isCloseTo(1.0, within(1e-12));
    assertThat(FidelityMetrics.contingencySimilarity(b, realC, b, synC, 2, 2)).isCloseTo(1.0, within(1e-12));
    int[] levels = {2, 2, 2};
    assertThat(FidelityMetrics.jointSimilarity(new int[][] {a, b, realC}, new int[][] {a, b, synC}, levels))
        .isCloseTo(0.0, within(1e-12));
    // one row of four moved to another cell: 1 − ½ (¼ + ¼); a row with a missing code is left out
    int[] synC2 = {0, 1, 1, 1};
    assertThat(FidelityMetrics.jointSimilarity(new int[][] {a, b, realC}, new int[][] {a, b, synC2}, levels))
        .isCloseTo(0.75, within(1e-12));
    // three columns of 3,000 levels: 2.7e10 cells, more than an int counts, of which two are occupied
    int[] wide = {2999, 0, 2999, 0};
    int[] wideSyn = {2999, 0, 0, 0};
    assertThat(FidelityMetrics.jointSimilarity(new int[][] {wide, wide, wide}, new int[][] {wideSyn, wideSyn, wideSyn},
        new int[] {3000, 3000, 3000})).isCloseTo(0.75, within(1e-12));
    int[] withMissing = {0, 1, 1, -1};
    assertThat(FidelityMetrics.jointSimilarity(new int[][] {a, b, realC}, new int[][] {a, b, withMissing}, levels))
        .isCloseTo(1 - 0.5 * (0.25 + 3 * (1.0 / 3 - 0.25)), within(1e-12));
  }

  @Test
  void ksComplement_handCase() {
    // real {1,2,3,4}, synthetic {3,4,5,6}; ECDFs at the jump points:
    // x=1: .25 vs 0; x=2: .50 vs 0; x=3: .75 vs .25; x=4: 1 vs .5; x=5: 1 vs .75; x=6: 1 vs 1.
    // D = max |diff| = 0.5, so KSComplement = 0.5. The NaN in real is left out.
    double score = FidelityMetrics.ksComplement(new double[] {1, 2, NAN, 3, 4}, new double[] {3, 4, 5, 6});
    assertThat(score).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void ksComplement_tiesAreStepsNotRanks() {
    // real {1,1,2}: F(1)=2/3, F(2)=1; synthetic {1,2,2}: F(1)=1/3, F(2)=1. D = 1/3, score 2/3.
    double score = FidelityMetrics.ksComplement(new double[] {1, 1, 2}, new double[] {1, 2, 2});
    assertThat(score).isCloseTo(2.0 / 3.0, within(1e-12));
  }

  @Test
  void ksComplement_identicalIsOne_disjointIsZero() {
    assertThat(FidelityMetrics.ksComplement(new double[] {3, 1, 2}, new double[] {1, 2, 3})).isEqualTo(1.0);
    assertThat(FidelityMetrics.ksComplement(new double[] {1, 2}, new double[] {5, 6})).isEqualTo(0.0);
  }

  @Test
  void ksComplement_allMissing_isRejected() {
    assertThatThrownBy(() -> FidelityMetrics.ksComplement(new double[] {NAN}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("real column has no non-missing value");
  }

  @Test
  void tvComplement_handCase() {
    // real codes {0,0,1,2}: p = (1/2, 1/4, 1/4); synthetic {0,1,1,missing}: q = (1/3, 2/3, 0).
    // Σ|p−q| = 1/6 + 5/12 + 1/4 = 5/6; TV = 5/12; TVComplement = 7/12.
    double score = FidelityMetrics.tvComplement(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, -1}, 3);
    assertThat(score).isCloseTo(7.0 / 12.0, within(1e-12));
  }

  @Test
  void correlationSimilarity_handCases() {
    // real a=(1,2,3), b=(1,2,3): ρ=1. synthetic b=(3,2,1): ρ=−1. 1 − |1−(−1)|/2 = 0.
    double[] a = {1, 2, 3};
    assertThat(
            FidelityMetrics.correlationSimilarity(a, a, a, new double[] {3, 2, 1}, CorrelationMethod.PEARSON))
        .isCloseTo(0.0, within(1e-12));
    // synthetic b=(1,3,2): deviations a (−1,0,1), b (−1,1,0): sxy=1, sxx=syy=2, ρ=0.5. 1 − 0.5/2 = 0.75.
    assertThat(
            FidelityMetrics.correlationSimilarity(a, a, a, new double[] {1, 3, 2}, CorrelationMethod.PEARSON))
        .isCloseTo(0.75, within(1e-12));
  }

  @Test
  void correlation_usesPairwiseCompleteRows() {
    // The rows with a NaN are dropped: left (1,1),(2,2),(3,3), ρ = 1.
    double r =
        FidelityMetrics.correlation(
            new double[] {1, NAN, 2, 3, 9}, new double[] {1, 5, 2, 3, NAN}, CorrelationMethod.PEARSON);
    assertThat(r).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void correlation_constantColumn_isUndefined() {
    assertThat(FidelityMetrics.correlation(new double[] {1, 1, 1}, new double[] {1, 2, 3}, CorrelationMethod.PEARSON))
        .isNaN();
  }

  @Test
  void spearman_isOneForMonotoneButNonLinear() {
    // y = x² is monotone on x>0: ranks equal, Spearman 1.
    double[] x = {1, 2, 3, 4};
    double[] y = {1, 4, 9, 16};
    assertThat(FidelityMetrics.correlation(x, y, CorrelationMethod.SPEARMAN)).isCloseTo(1.0, within(1e-12));
    // Pearson: mean x 2.5, mean y 7.5; deviations x (−1.5,−.5,.5,1.5), y (−6.5,−3.5,1.5,8.5);
    // sxy = 9.75+1.75+0.75+12.75 = 25, sxx = 5, syy = 42.25+12.25+2.25+72.25 = 129; 25/sqrt(645) = 0.984374.
    assertThat(FidelityMetrics.correlation(x, y, CorrelationMethod.PEARSON)).isCloseTo(0.984374, within(1e-6));
  }

  @Test
  void midRanks_shareTiedRanks() {
    assertThat(FidelityMetrics.midRanks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
  }

  @Test
  void contingencySimilarity_handCase() {
    // real pairs (0,0),(0,1),(1,0),(1,1): each 1/4. synthetic (0,0),(0,0),(0,1),(1,1): 1/2, 1/4, 0, 1/4.
    // Σ|p−q| = 1/4 + 0 + 1/4 + 0 = 1/2, so 1 − ½·½ = 0.75. The synthetic row with a missing B is dropped.
    double score =
        FidelityMetrics.contingencySimilarity(
            new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, new int[] {0, 0, 0, 1, 1}, new int[] {0, 0, 1, 1, -1}, 2, 2);
    assertThat(score).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void bin_equalWidthOverRealRange_clipsOutsideValues() {
    // [0, 10] in 4 bins of width 2.5: 0→0, 5→2, 10→3 (last bin closed), 2.5→1, NaN→−1, 12→3, −1→0.
    int[] bins = FidelityMetrics.bin(new double[] {0, 5, 10, 2.5, NAN, 12, -1}, 0, 10, 4);
    assertThat(bins).containsExactly(0, 2, 3, 1, -1, 3, 0);
  }
}
