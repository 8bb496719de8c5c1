package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdpAccountantTest {

  /** Opacus's order list in its RDP test: [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64)). */
  static double[] opacusOrders() {
    double[] out = new double[99 + 52];
    int k = 0;
    for (int x = 1; x < 100; x++) {
      out[k++] = 1 + x / 10.0;
    }
    for (int a = 12; a < 64; a++) {
      out[k++] = a;
    }
    return out;
  }

  private static double epsilon(double q, double sigma, long steps, double delta, double[] orders) {
    return RdpAccountant.withOrders(orders).compose(DpEvent.dpSgd(q, sigma, steps)).epsilon(delta).epsilon();
  }

  @Test
  void defaultOrders_areThoseOfTheDesign() {
    double[] orders = RdpAccountant.defaultOrders();
    assertThat(orders).hasSize(156);
    assertThat(orders[0]).isEqualTo(1.1);
    assertThat(orders[98]).isEqualTo(10.9);
    assertThat(orders[99]).isEqualTo(11.0);
    assertThat(orders[151]).isEqualTo(63.0);
    assertThat(java.util.Arrays.copyOfRange(orders, 152, 156)).containsExactly(128, 256, 512, 1024);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.1, 1.5, 2, 3.7, 10, 63, 1024})
  void fullSampling_isTheGaussianClosedForm(double order) {
    for (double sigma : new double[] {0.3, 1.0, 7.5, 100}) {
      assertThat(RdpAccountant.sampledGaussianRdp(1.0, sigma, order))
          .isCloseTo(order / (2 * sigma * sigma), within(1e-15 * order / (sigma * sigma)));
    }
  }

  @Test
  void gaussianEvent_hasRdpAlphaOverTwoSigmaSquared() {
    double[] rdp = RdpAccountant.withOrders(2, 5.5, 64).compose(DpEvent.gaussian(2.0)).rdp();
    assertThat(rdp).containsExactly(2 / 8.0, 5.5 / 8.0, 64 / 8.0);
  }

  @Test
  void zeroSampling_spendsNothing() {
    RdpAccountant acc = RdpAccountant.withDefaultOrders().compose(DpEvent.poissonSampled(0, DpEvent.gaussian(0.5)).repeated(1000));
    assertThat(acc.rdp()).containsOnly(0.0);
    assertThat(acc.epsilon(1e-5).epsilon()).isEqualTo(0.0);
    assertThat(acc.epsilon(0).epsilon()).isEqualTo(0.0);
  }

  @Test
  void nothingSpent_isEpsilonZero() {
    assertThat(RdpAccountant.withDefaultOrders().epsilon(1e-6).epsilon()).isEqualTo(0.0);
  }

  @Test
  void composition_isAdditive() {
    DpEvent a = DpEvent.dpSgd(0.01, 1.1, 700);
    DpEvent b = DpEvent.gaussian(3.0).repeated(4);
    DpEvent c = DpEvent.poissonSampled(0.2, DpEvent.gaussian(2.5));
    double[] ra = RdpAccountant.withDefaultOrders().compose(a).rdp();
    double[] rb = RdpAccountant.withDefaultOrders().compose(b).rdp();
    double[] rc = RdpAccountant.withDefaultOrders().compose(c).rdp();
    double[] one = RdpAccountant.withDefaultOrders().compose(DpEvent.composed(a, b, c)).rdp();
    double[] folded = RdpAccountant.withDefaultOrders().compose(a).compose(b).compose(c).rdp();
    for (int k = 0; k < ra.length; k++) {
      double sum = ra[k] + rb[k] + rc[k];
      assertThat(one[k]).isCloseTo(sum, within(1e-12 * sum));
      assertThat(folded[k]).isCloseTo(sum, within(1e-12 * sum));
    }
  }

  @Test
  void selfComposition_multipliesByTheCount() {
    double[] one = RdpAccountant.withDefaultOrders().compose(DpEvent.poissonSampled(0.03, DpEvent.gaussian(0.9))).rdp();
    double[] many = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.03, 0.9, 12345)).rdp();
    for (int k = 0; k < one.length; k++) {
      assertThat(many[k]).isCloseTo(one[k] * 12345, within(1e-12 * many[k]));
    }
  }

  @Test
  void composeReturnsANewAccountant_andLeavesTheOldOneUnchanged() {
    RdpAccountant empty = RdpAccountant.withDefaultOrders();
    RdpAccountant spent = empty.compose(DpEvent.dpSgd(0.01, 1.0, 100));
    assertThat(empty.rdp()).containsOnly(0.0);
    assertThat(spent.epsilon(1e-5).epsilon()).isPositive();
  }

  // Source: TensorFlow Privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py,
  // test_compute_dp_sgd_privacy case1 (n=60000, batch 150, σ=1.3, 15 epochs, δ=1e-5 → ε=0.7242234026109595,
  // order 19) with the improved (Balle et al. 2020) conversion.
  @Test
  void tensorflowPrivacy_case1_isReproduced() {
    EpsilonDelta s = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.0025, 1.3, 6000)).epsilon(1e-5);
    assertThat(s.epsilon()).isCloseTo(0.7242234026109595, within(1e-6 * 0.7242234026109595));
    assertThat(s.order()).isEqualTo(19.0);
  }

  // Source: same TensorFlow Privacy test, case2 (n=100000, batch 100, σ=1.0, 30 epochs, δ=1e-7 →
  // ε=1.4154988495444845, order 13).
  @Test
  void tensorflowPrivacy_case2_isReproduced() {
    EpsilonDelta s = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.001, 1.0, 30000)).epsilon(1e-7);
    assertThat(s.epsilon()).isCloseTo(1.4154988495444845, within(1e-6 * 1.4154988495444845));
    assertThat(s.order()).isEqualTo(13.0);
  }

  // Source: Opacus, opacus/tests/accountants_test.py, test_rdp_accountant (q=0.04, σ=1.5, 2250 steps,
  // δ=1e-5 → ε=7.32911117143 with Opacus's orders and get_privacy_spent's Balle et al. conversion).
  @Test
  void opacus_rdpAccountant_isReproduced() {
    double eps = epsilon(0.04, 1.5, 2250, 1e-5, opacusOrders());
    assertThat(eps).isCloseTo(7.32911117143, within(1e-6 * 7.32911117143));
  }

  @Test
  void classicConversion_isNeverTighterThanBalle() {
    RdpAccountant acc = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.01, 1.0, 5000));
    double balle = acc.epsilon(1e-6).epsilon();
    double classic = acc.withConversion(RdpConversion.CLASSIC).epsilon(1e-6).epsilon();
    assertThat(classic).isGreaterThan(balle);
    // Classic closed form for one Gaussian at one order: ε = α/(2σ²) + log(1/δ)/(α−1).
    double c = RdpAccountant.withOrders(9).withConversion(RdpConversion.CLASSIC)
        .compose(DpEvent.gaussian(4)).epsilon(1e-5).epsilon();
    assertThat(c).isCloseTo(9 / 32.0 + Math.log(1e5) / 8, within(1e-14));
  }

  @Test
  void deltaForEpsilon_invertsEpsilonForDelta() {
    RdpAccountant acc = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.02, 1.2, 3000));
    for (double delta : new double[] {1e-3, 1e-5, 1e-9}) {
      EpsilonDelta e = acc.epsilon(delta);
      EpsilonDelta d = acc.delta(e.epsilon());
      assertThat(d.delta()).isCloseTo(delta, within(1e-9 * delta));
      assertThat(d.order()).isEqualTo(e.order());
    }
    assertThat(RdpAccountant.withDefaultOrders().delta(1.0).delta()).isEqualTo(0.0);
  }

  @Test
  void epsilon_decreasesWithNoise_andIncreasesWithStepsAndRate() {
    double base = epsilon(0.01, 1.0, 1000, 1e-5, RdpAccountant.defaultOrders());
    assertThat(epsilon(0.01, 1.1, 1000, 1e-5, RdpAccountant.defaultOrders())).isLessThan(base);
    assertThat(epsilon(0.01, 1.0, 1001, 1e-5, RdpAccountant.defaultOrders())).isGreaterThan(base);
    assertThat(epsilon(0.011, 1.0, 1000, 1e-5, RdpAccountant.defaultOrders())).isGreaterThan(base);
  }

  @Test
  void extremeParameters_giveFiniteNonNegativeValues() {
    for (double q : new double[] {1e-6, 1e-3, 0.5, 0.999999, 1}) {
      for (double sigma : new double[] {0.3, 1, 100}) {
        for (long steps : new long[] {1, 10_000_000}) {
          RdpAccountant acc = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(q, sigma, steps));
          for (double r : acc.rdp()) {
            assertThat(r).as("q=%s σ=%s T=%s", q, sigma, steps).isFinite().isGreaterThanOrEqualTo(0);
          }
          assertThat(acc.epsilon(1e-5).epsilon()).isFinite().isGreaterThanOrEqualTo(0);
          assertThat(acc.delta(1.0).delta()).isBetween(0.0, 1.0);
        }
      }
    }
  }

  @Test
  void rdp_isMonotoneInTheOrder() {
    double[] orders = RdpAccountant.defaultOrders();
    for (double q : new double[] {1e-6, 0.01, 0.3}) {
      double prev = 0;
      for (double a : orders) {
        double r = RdpAccountant.sampledGaussianRdp(q, 0.8, a);
        assertThat(r).as("q=%s α=%s", q, a).isGreaterThanOrEqualTo(prev * (1 - 1e-9));
        prev = r;
      }
    }
  }

  @Test
  void samplingProbability_outsideZeroOne_isRejected() {
    assertThatThrownBy(() -> DpEvent.poissonSampled(1.5, DpEvent.gaussian(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingProbability must be in [0, 1]. Provided value: 1.5");
    assertThatThrownBy(() -> DpEvent.poissonSampled(-0.1, DpEvent.gaussian(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void samplingProbability_nan_isRejected() {
    assertThatThrownBy(() -> DpEvent.poissonSampled(Double.NaN, DpEvent.gaussian(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: NaN");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void noiseMultiplier_notFinitePositive_isRejected(double sigma) {
    assertThatThrownBy(() -> DpEvent.gaussian(sigma))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noiseMultiplier must be finite and > 0. Provided value: " + sigma);
  }

  @Test
  void negativeCount_isRejected() {
    assertThatThrownBy(() -> DpEvent.gaussian(1).repeated(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be >= 0. Provided value: -1");
  }

  @Test
  void nullEvents_areRejected() {
    assertThatThrownBy(() -> DpEvent.poissonSampled(0.1, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpEvent.composed(DpEvent.gaussian(1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.5, -1e-9, Double.NaN})
  void delta_outsideZeroOne_isRejected(double delta) {
    RdpAccountant acc = RdpAccountant.withDefaultOrders();
    assertThatThrownBy(() -> acc.epsilon(delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in [0, 1). Provided value: " + delta);
  }

  @Test
  void deltaZero_givesInfiniteEpsilonOnceAnythingIsSpent() {
    assertThat(RdpAccountant.withDefaultOrders().compose(DpEvent.gaussian(5)).epsilon(0).epsilon())
        .isInfinite();
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void order_notAboveOne_isRejected(double order) {
    assertThatThrownBy(() -> RdpAccountant.withOrders(2, order))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("each order must be finite and > 1. Provided value: " + order);
  }

  @Test
  void poissonSampledNonGaussian_isRejectedWithAClearMessage() {
    DpEvent nested = DpEvent.poissonSampled(0.1, DpEvent.poissonSampled(0.5, DpEvent.gaussian(1)));
    assertThatThrownBy(() -> RdpAccountant.withDefaultOrders().compose(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Poisson sampling of a Gaussian event only");
  }

  @Test
  void toStrings_areShortAndReadable() {
    assertThat(DpEvent.dpSgd(0.01, 1.1, 100).toString()).isEqualTo("100 × PoissonSampled(q=0.01, Gaussian(σ=1.1))");
    assertThat(new EpsilonDelta(1.234567891, 1e-5, 19).toString()).isEqualTo("ε=1.23457 (δ=1.00e-05, α=19.0)");
    assertThat(RdpAccountant.withDefaultOrders().toString()).startsWith("RdpAccountant[156 orders, BALLE_2020");
  }
}
