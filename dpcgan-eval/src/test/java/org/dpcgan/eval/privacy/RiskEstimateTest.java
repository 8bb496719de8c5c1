package org.dpcgan.eval.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RiskEstimateTest {
  @Test
  void wilson_zeroSuccesses_handCase() {
    // p̂ = 0, n = 10, z² = 3.8415: centre = (z²/20)/(1 + z²/10) = 0.19207/1.38415 = 0.13877,
    // half = z·sqrt(z²/400)/1.38415 = z²/20/1.38415 = 0.13877, so [0, 0.27754].
    double[] ci = WilsonInterval.of(0, 10, WilsonInterval.Z95);
    assertThat(ci[0]).isEqualTo(0.0);
    assertThat(ci[1]).isCloseTo(0.27754, within(1e-5));
  }

  @Test
  void wilson_half_handCase() {
    // p̂ = 0.5, n = 10, z = 1.959964, z² = 3.841459: centre 0.5;
    // half = z·sqrt(0.25/10 + z²/400)/(1 + z²/10) = 1.959964·0.186021/1.384146 = 0.263407,
    // so [0.236593, 0.763407].
    double[] ci = WilsonInterval.of(5, 10, WilsonInterval.Z95);
    assertThat(ci[0]).isCloseTo(0.236593, within(1e-5));
    assertThat(ci[1]).isCloseTo(0.763407, within(1e-5));
  }

  @Test
  void wilson_badCounts_areRejected() {
    assertThatThrownBy(() -> WilsonInterval.of(11, 10, WilsonInterval.Z95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=11");
    assertThatThrownBy(() -> WilsonInterval.of(1, 10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: NaN");
  }

  @Test
  void risk_isAttackMinusControlOverOneMinusControl() {
    // attack 30/100, control 10/100: (0.3 − 0.1)/(1 − 0.1) = 0.2222.
    RiskEstimate r = RiskEstimate.of(30, 10, 5, 100);
    assertThat(r.risk()).isCloseTo(0.2 / 0.9, within(1e-12));
    assertThat(r.attackRate()).isEqualTo(0.3);
    assertThat(r.controlRate()).isEqualTo(0.1);
    assertThat(r.baselineRate()).isEqualTo(0.05);
    // Interval ends from Wilson intervals: attack [a-, a+], control [c-, c+].
    double[] a = WilsonInterval.of(30, 100, WilsonInterval.Z95);
    double[] c = WilsonInterval.of(10, 100, WilsonInterval.Z95);
    assertThat(r.ciLow()).isCloseTo((a[0] - c[1]) / (1 - c[1]), within(1e-12));
    assertThat(r.ciHigh()).isCloseTo((a[1] - c[0]) / (1 - c[0]), within(1e-12));
    assertThat(r.ciLow()).isLessThan(r.risk());
    assertThat(r.ciHigh()).isGreaterThan(r.risk());
    assertThat(r.beatsBaseline()).isTrue();
  }

  @Test
  void risk_controlAlwaysSucceeding_isZero() {
    assertThat(RiskEstimate.of(100, 100, 0, 100).risk()).isEqualTo(0.0);
  }
}
