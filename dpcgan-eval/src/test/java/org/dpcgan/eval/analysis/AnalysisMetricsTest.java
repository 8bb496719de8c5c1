package org.dpcgan.eval.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The comparison formulas on intervals whose values are derived by hand in the comment above each assertion. */
class AnalysisMetricsTest {
  @Test
  void ciOverlap_halfOverlappingEqualWidths_isOneHalf() {
    // real [0, 2], synthetic [1, 3]: overlap [1, 2] of length 1; ½(1/2 + 1/2) = 0.5.
    assertThat(AnalysisMetrics.ciOverlap(0, 2, 1, 3)).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void ciOverlap_nested_averagesBothShares() {
    // real [0, 4], synthetic [1, 2]: overlap [1, 2] is 1/4 of the real and all of the synthetic interval;
    // ½(1/4 + 1) = 0.625.
    assertThat(AnalysisMetrics.ciOverlap(0, 4, 1, 2)).isCloseTo(0.625, within(1e-15));
  }

  @Test
  void ciOverlap_disjoint_isNegative() {
    // real [0, 1], synthetic [3, 5]: L = 3, U = 1, U − L = −2; ½(−2/1 + −2/2) = −1.5 (Karr et al.: the
    // measure keeps going below 0 as the intervals move apart).
    assertThat(AnalysisMetrics.ciOverlap(0, 1, 3, 5)).isCloseTo(-1.5, within(1e-15));
    // touching intervals [0, 1] and [1, 2]: U − L = 0.
    assertThat(AnalysisMetrics.ciOverlap(0, 1, 1, 2)).isEqualTo(0.0);
  }

  @Test
  void ciOverlap_identical_isOne_zeroWidth_isNaN() {
    assertThat(AnalysisMetrics.ciOverlap(-1.3, 2.7, -1.3, 2.7)).isEqualTo(1.0);
    assertThat(AnalysisMetrics.ciOverlap(1, 1, 0, 2)).isNaN();
  }

  @Test
  void ciOverlap_ofEstimates_usesTheWaldIntervals() {
    // real 1 ± 1.96·0.5, synthetic 1.5 ± 1.96·0.5: equal widths w = 1.96, shift 0.5; (w − 0.5)/w.
    Estimate r = Estimate.wald(1.0, 0.5);
    Estimate s = Estimate.wald(1.5, 0.5);
    double w = 2 * AnalysisMetrics.Z_975 * 0.5;
    assertThat(AnalysisMetrics.ciOverlap(r, s)).isCloseTo((w - 0.5) / w, within(1e-14));
  }

  @Test
  void standardisedDifference_isDistanceInRealStandardErrors() {
    // |0.7 − 1.0| / 0.2 = 1.5, whatever the sign of the difference.
    assertThat(AnalysisMetrics.standardisedDifference(1.0, 0.2, 0.7)).isCloseTo(1.5, within(1e-14));
    assertThat(AnalysisMetrics.standardisedDifference(1.0, 0.2, 1.3)).isCloseTo(1.5, within(1e-14));
    assertThat(AnalysisMetrics.standardisedDifference(1.0, 0.0, 1.3)).isNaN();
  }

  @Test
  void z975_isTheNormalQuantile() {
    // Φ⁻¹(0.975) = 1.959963984540054 (R: qnorm(0.975)).
    assertThat(AnalysisMetrics.Z_975).isCloseTo(1.959963984540054, within(1e-12));
  }

  @Test
  void estimate_significance_isTheIntervalExcludingZero() {
    assertThat(Estimate.wald(1.0, 0.5).significant()).isTrue(); // z = 2
    assertThat(Estimate.wald(-0.9, 0.5).significant()).isFalse(); // |z| = 1.8
    assertThat(Estimate.wald(1.0, 0.5).ciLow()).isGreaterThan(0.0);
  }
}
