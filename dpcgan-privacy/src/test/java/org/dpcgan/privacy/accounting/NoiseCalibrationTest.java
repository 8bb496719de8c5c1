package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseCalibrationTest {
  private final NoiseCalibration calibration = NoiseCalibration.withDefaults();

  private static double epsilon(double q, double sigma, long steps, double delta, double[] orders) {
    return RdpAccountant.withOrders(orders).compose(DpEvent.dpSgd(q, sigma, steps)).epsilon(delta).epsilon();
  }

  // Source: Opacus, opacus/tests/accountants_test.py, test_get_noise_multiplier (target ε 8, q 0.04,
  // 2250 steps, δ 1e-5 → Opacus returns 1.416 from its coarser search with epsilon_tolerance 0.01). The exact
  // root 1.41578714309 is from src/test/scripts/rdp_reference.out.
  @Test
  void opacus_noiseMultiplier_isReproducedToTheTolerance() {
    CalibratedNoise c = calibration.withOrders(RdpAccountantTest.opacusOrders()).noiseMultiplier(8, 1e-5, 0.04, 2250);
    assertThat(c.noiseMultiplier()).isCloseTo(1.416, within(5e-4));
    assertThat(c.noiseMultiplier()).isCloseTo(1.4157871430907406, within(NoiseCalibration.TOLERANCE));
    assertThat(c.spent().epsilon()).isLessThanOrEqualTo(8.0).isCloseTo(8.0, within(1e-4));
  }

  @Test
  void calibratedNoise_neverExceedsTheTarget_andIsTight() {
    double[][] cases = {{1.0, 1e-5, 0.01, 10_000}, {3.0, 1e-6, 0.015, 20_000}, {0.5, 1e-7, 1e-4, 1_000_000},
        {10, 1e-5, 0.2, 300}, {2, 1e-5, 1.0, 50}};
    for (double[] c : cases) {
      CalibratedNoise n = calibration.noiseMultiplier(c[0], c[1], c[2], (long) c[3]);
      double eps = epsilon(c[2], n.noiseMultiplier(), (long) c[3], c[1], RdpAccountant.defaultOrders());
      double epsBelow = epsilon(c[2], n.noiseMultiplier() - NoiseCalibration.TOLERANCE, (long) c[3], c[1],
          RdpAccountant.defaultOrders());
      assertThat(eps).as("case %s", java.util.Arrays.toString(c)).isLessThanOrEqualTo(c[0]);
      assertThat(epsBelow).as("case %s", java.util.Arrays.toString(c)).isGreaterThan(c[0]);
      assertThat(n.spent().epsilon()).isEqualTo(eps);
    }
  }

  @Test
  void afterAnEarlierEvent_theComposedEpsilonMeetsTheTarget_andIsTight() {
    DpEvent metadata = DpEvent.gaussian(20.0);   // e.g. the noisy histograms of a DP fit
    double q = 0.015;
    long steps = 20_000;
    CalibratedNoise n = calibration.noiseMultiplier(3.0, 1e-6, q, steps, metadata);
    double eps = RdpAccountant.withDefaultOrders().compose(metadata).compose(DpEvent.dpSgd(q, n.noiseMultiplier(), steps))
        .epsilon(1e-6).epsilon();
    double epsBelow = RdpAccountant.withDefaultOrders().compose(metadata)
        .compose(DpEvent.dpSgd(q, n.noiseMultiplier() - NoiseCalibration.TOLERANCE, steps)).epsilon(1e-6).epsilon();
    assertThat(eps).isLessThanOrEqualTo(3.0).isEqualTo(n.spent().epsilon());
    assertThat(epsBelow).isGreaterThan(3.0);
    // the earlier event costs something: more noise than without it
    assertThat(n.noiseMultiplier()).isGreaterThan(calibration.noiseMultiplier(3.0, 1e-6, q, steps).noiseMultiplier());
    assertThat(calibration.noiseMultiplier(3.0, 1e-6, q, steps, null))
        .isEqualTo(calibration.noiseMultiplier(3.0, 1e-6, q, steps));
  }

  @Test
  void anEarlierEventThatAlreadyExceedsTheTarget_isRejected() {
    assertThatThrownBy(() -> calibration.noiseMultiplier(1.0, 1e-5, 0.01, 100, DpEvent.gaussian(0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target epsilon 1.0 is already exceeded before any step");
  }

  @Test
  void targetThatNeedsNoNoiseAboveTheMinimum_returnsTheMinimum() {
    CalibratedNoise n = calibration.noiseMultiplier(1e6, 1e-5, 1e-3, 10);
    assertThat(n.noiseMultiplier()).isEqualTo(NoiseCalibration.DEFAULT_MIN_NOISE);
    assertThat(n.spent().epsilon()).isLessThanOrEqualTo(1e6);
  }

  @Test
  void unreachableTarget_isRejectedWithWhatIsAllowed() {
    assertThatThrownBy(() -> calibration.noiseMultiplier(1e-3, 1e-5, 1.0, 1_000_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target epsilon 0.001 cannot be reached with a noise multiplier <= 100.0")
        .hasMessageContaining("Allowed: a larger target epsilon, fewer steps or a smaller sampling rate");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 1.5, Double.NaN})
  void samplingRate_outsideZeroOne_isRejected(double q) {
    assertThatThrownBy(() -> calibration.noiseMultiplier(1, 1e-5, q, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingRate must be in (0, 1]. Provided value: " + q);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 0, Double.NaN})
  void delta_outsideZeroOne_isRejected(double delta) {
    assertThatThrownBy(() -> calibration.noiseMultiplier(1, delta, 0.01, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in (0, 1). Provided value: " + delta);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -2, Double.NaN, Double.POSITIVE_INFINITY})
  void targetEpsilon_notFinitePositive_isRejected(double eps) {
    assertThatThrownBy(() -> calibration.noiseMultiplier(eps, 1e-5, 0.01, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetEpsilon must be finite and > 0. Provided value: " + eps);
  }

  @Test
  void zeroSteps_isRejected() {
    assertThatThrownBy(() -> calibration.noiseMultiplier(1, 1e-5, 0.01, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be >= 1. Provided value: 0");
  }

  @Test
  void noiseBounds_mustBeOrdered() {
    assertThatThrownBy(() -> calibration.withNoiseBounds(2, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be < max noise multiplier");
  }

  @Test
  void maxSteps_isTheLargestCountWithinBudget() {
    long t = calibration.maxSteps(2.0, 1e-5, 0.01, 1.1);
    assertThat(epsilon(0.01, 1.1, t, 1e-5, RdpAccountant.defaultOrders())).isLessThanOrEqualTo(2.0);
    assertThat(epsilon(0.01, 1.1, t + 1, 1e-5, RdpAccountant.defaultOrders())).isGreaterThan(2.0);
  }

  @Test
  void maxSteps_isZeroWhenOneStepAlreadyExceedsTheBudget() {
    assertThat(calibration.maxSteps(0.1, 1e-5, 1.0, 0.5)).isZero();
  }

  @Test
  void maxSteps_andNoiseMultiplier_agree() {
    CalibratedNoise n = calibration.noiseMultiplier(1.5, 1e-5, 0.02, 5000);
    assertThat(calibration.maxSteps(1.5, 1e-5, 0.02, n.noiseMultiplier())).isGreaterThanOrEqualTo(5000);
  }

  @Test
  void maxSteps_afterEarlierSpending_isTheLargestCountWhoseCompositionStaysWithinBudget() {
    DpEvent before = DpEvent.dpSgd(0.01, 1.1, 2000);
    long t = calibration.maxSteps(3.0, 1e-5, 0.02, 1.3, before);
    RdpAccountant accountant = RdpAccountant.withDefaultOrders().compose(before);
    assertThat(t).isPositive();
    assertThat(accountant.compose(DpEvent.dpSgd(0.02, 1.3, t)).epsilon(1e-5).epsilon()).isLessThanOrEqualTo(3.0);
    assertThat(accountant.compose(DpEvent.dpSgd(0.02, 1.3, t + 1)).epsilon(1e-5).epsilon()).isGreaterThan(3.0);
    assertThat(t).isLessThan(calibration.maxSteps(3.0, 1e-5, 0.02, 1.3));
  }

  @Test
  void maxSteps_isZeroWhenTheEarlierSpendingAloneExceedsTheBudget() {
    assertThat(calibration.maxSteps(1.0, 1e-5, 0.02, 5.0, DpEvent.dpSgd(0.5, 0.8, 1000))).isZero();
  }

  // ---- with the PLD accountant -------------------------------------------------------------------------

  private final NoiseCalibration pld = NoiseCalibration.withDefaults().withAccountant(Accountants.pld());

  private static double pldEpsilon(DpEvent event, double delta) {
    return Accountants.pld().compose(event).epsilon(delta).epsilon();
  }

  @Test
  void rdpAccountantGivenExplicitly_givesBitIdenticalResults() {
    NoiseCalibration explicit = NoiseCalibration.withDefaults().withAccountant(Accountants.rdp());
    DpEvent before = DpEvent.gaussian(20.0);
    assertThat(explicit.noiseMultiplier(3.0, 1e-6, 0.015, 20_000, before))
        .isEqualTo(calibration.noiseMultiplier(3.0, 1e-6, 0.015, 20_000, before));
    assertThat(explicit.maxSteps(2.0, 1e-5, 0.01, 1.1)).isEqualTo(calibration.maxSteps(2.0, 1e-5, 0.01, 1.1));
  }

  @Test
  void pld_calibratedNoise_neverExceedsTheTarget_isTight_andIsBelowRdp() {
    double[][] cases = {{3.0, 1e-5, 0.015356, 2000}, {1.0, 1e-6, 0.01, 1000}, {2, 1e-5, 1.0, 50}, {0.5, 1e-7, 1e-3, 500}};
    for (double[] c : cases) {
      String what = java.util.Arrays.toString(c);
      CalibratedNoise n = pld.noiseMultiplier(c[0], c[1], c[2], (long) c[3]);
      double eps = pldEpsilon(DpEvent.dpSgd(c[2], n.noiseMultiplier(), (long) c[3]), c[1]);
      double epsBelow = pldEpsilon(DpEvent.dpSgd(c[2], n.noiseMultiplier() - NoiseCalibration.TOLERANCE, (long) c[3]), c[1]);
      assertThat(eps).as(what).isEqualTo(n.spent().epsilon()).isLessThanOrEqualTo(c[0]).isGreaterThan(0.99 * c[0]);
      assertThat(epsBelow).as(what).isGreaterThan(c[0]);
      assertThat(n.noiseMultiplier()).as(what)
          .isLessThan(calibration.noiseMultiplier(c[0], c[1], c[2], (long) c[3]).noiseMultiplier());
    }
  }

  @Test
  void pld_afterAnEarlierEvent_theComposedEpsilonMeetsTheTarget() {
    DpEvent metadata = DpEvent.gaussian(20.0);
    CalibratedNoise n = pld.noiseMultiplier(3.0, 1e-6, 0.015, 2000, metadata);
    double eps = pldEpsilon(DpEvent.composed(metadata, DpEvent.dpSgd(0.015, n.noiseMultiplier(), 2000)), 1e-6);
    assertThat(eps).isEqualTo(n.spent().epsilon()).isLessThanOrEqualTo(3.0).isGreaterThan(0.99 * 3.0);
    assertThat(n.noiseMultiplier()).isGreaterThan(pld.noiseMultiplier(3.0, 1e-6, 0.015, 2000).noiseMultiplier());
  }

  @Test
  void pld_maxSteps_isTheLargestCountWithinBudget_andAtLeastRdps() {
    long t = pld.maxSteps(2.0, 1e-5, 0.02, 1.1);
    assertThat(pldEpsilon(DpEvent.dpSgd(0.02, 1.1, t), 1e-5)).isLessThanOrEqualTo(2.0);
    assertThat(pldEpsilon(DpEvent.dpSgd(0.02, 1.1, t + 1), 1e-5)).isGreaterThan(2.0);
    assertThat(t).isGreaterThan(calibration.maxSteps(2.0, 1e-5, 0.02, 1.1));
  }

  @Test
  void pld_maxSteps_afterEarlierSpending_composesWithIt() {
    DpEvent before = DpEvent.dpSgd(0.01, 1.1, 500);
    long t = pld.maxSteps(3.0, 1e-5, 0.02, 1.3, before);
    assertThat(pldEpsilon(DpEvent.composed(before, DpEvent.dpSgd(0.02, 1.3, t)), 1e-5)).isLessThanOrEqualTo(3.0);
    assertThat(pldEpsilon(DpEvent.composed(before, DpEvent.dpSgd(0.02, 1.3, t + 1)), 1e-5)).isGreaterThan(3.0);
  }

  @Test
  void pld_unreachableTarget_isRejectedWithWhatIsAllowed() {
    assertThatThrownBy(() -> pld.noiseMultiplier(1e-3, 1e-5, 1.0, 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be reached with a noise multiplier <= 100.0");
  }

  @Test
  void accountant_isKept_byTheOtherWithers() {
    assertThat(pld.withNoiseBounds(0.5, 50).accountant()).isInstanceOf(PldAccountant.class);
    assertThat(pld.withOrders(2, 4, 8).accountant()).isInstanceOf(RdpAccountant.class);
    assertThat(pld.toString()).isEqualTo("NoiseCalibration[pld, σ in [0.3, 100.0]]");
    assertThat(calibration.toString()).isEqualTo("NoiseCalibration[156 orders, σ in [0.3, 100.0]]");
  }

  @Test
  void nullAccountant_isRejected() {
    assertThatThrownBy(() -> calibration.withAccountant(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("accountant must not be null");
  }
}
