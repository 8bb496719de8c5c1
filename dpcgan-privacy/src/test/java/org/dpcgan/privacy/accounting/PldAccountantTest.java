package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the PLD accountant. Exact values: the Gaussian mechanism's closed form (Balle and Wang 2018,
 * {@link GaussianClosedForm}). Tolerances: the accountant is pessimistic, so it may not be below the exact ε by
 * more than floating-point rounding ({@link #ROUNDING}), and its documented accuracy is 1 % above.
 */
class PldAccountantTest {
  /** Relative rounding allowed below an exact value (the masses carry ~1e-15, δ ~1e-12 relative). */
  static final double ROUNDING = 1e-9;
  /** The documented accuracy: at most 1 % above the exact ε. */
  static final double ACCURACY = 0.01;

  private static double epsilon(DpEvent event, double delta) {
    return PldAccountant.create().compose(event).epsilon(delta).epsilon();
  }

  @ParameterizedTest(name = "σ={0}, {1} Gaussians, δ={2}")
  @CsvSource({"0.7, 1, 1e-5", "0.7, 10, 1e-7", "1.0, 1, 1e-6", "2.0, 50, 1e-5", "5.0, 1000, 1e-7", "8.0, 20000, 1e-6",
      "30.0, 3, 1e-5"})
  void fullSampling_isTheGaussianMechanism_withinTheAccuracy(double sigma, long count, double delta) {
    double exact = GaussianClosedForm.epsilon(delta, Math.sqrt(count) / sigma);
    double gaussians = epsilon(DpEvent.gaussian(sigma).repeated(count), delta);
    double sampled = epsilon(DpEvent.dpSgd(1.0, sigma, count), delta);
    assertThat(sampled).isEqualTo(gaussians);
    assertThat(gaussians).isGreaterThanOrEqualTo(exact * (1 - ROUNDING)).isLessThanOrEqualTo(exact * (1 + ACCURACY));
  }

  @ParameterizedTest(name = "σ={0}, {1} Gaussians")
  @CsvSource({"0.7, 1", "2.0, 50", "8.0, 20000"})
  void fullSampling_deltaIsNeverBelowTheExactDelta(double sigma, long count) {
    double mu = Math.sqrt(count) / sigma;
    PldAccountant a = PldAccountant.create().compose(DpEvent.gaussian(sigma).repeated(count));
    for (double eps : new double[] {0, 0.5, 1, 2, 5, 10, 30}) {
      double exact = GaussianClosedForm.delta(eps, mu);
      double ours = a.delta(eps).delta();
      assertThat(ours).as("ε=%s", eps).isGreaterThanOrEqualTo(exact * (1 - ROUNDING) - 1e-18);
      if (exact > 1e-9) {
        // δ falls fast in ε: 1 % on ε is far more than 1 % on δ, so the check is on ε at this δ.
        assertThat(a.epsilon(ours).epsilon()).isLessThanOrEqualTo(eps * (1 + ACCURACY) + 1e-12);
      }
    }
  }

  @Test
  void gaussiansWithDifferentNoise_composeToOneGaussian() {
    // μ² = Σ 1/σ_i²: Gaussian(1) ∘ Gaussian(2) ∘ Gaussian(3) ∘ 10 × Gaussian(7) is one Gaussian with that μ.
    DpEvent event = DpEvent.composed(DpEvent.gaussian(1), DpEvent.gaussian(2), DpEvent.gaussian(3),
        DpEvent.gaussian(7).repeated(10));
    double mu = Math.sqrt(1 + 0.25 + 1.0 / 9 + 10.0 / 49);
    for (double delta : new double[] {1e-5, 1e-7}) {
      double exact = GaussianClosedForm.epsilon(delta, mu);
      assertThat(epsilon(event, delta)).isGreaterThanOrEqualTo(exact * (1 - ROUNDING))
          .isLessThanOrEqualTo(exact * (1 + ACCURACY));
    }
  }

  @Test
  void epsilon_fallsAsNoiseGrows() {
    double previous = Double.POSITIVE_INFINITY;
    for (double sigma : new double[] {0.7, 0.8, 1.0, 1.3, 2.0, 4.0, 8.0}) {
      double eps = epsilon(DpEvent.dpSgd(0.01, sigma, 2000), 1e-6);
      assertThat(eps).as("σ=%s", sigma).isLessThan(previous);
      previous = eps;
    }
  }

  @Test
  void epsilon_fallsAsTheSamplingRateFalls() {
    double previous = Double.POSITIVE_INFINITY;
    for (double q : new double[] {1, 0.5, 0.1, 0.02, 0.005, 0.001, 5e-4}) {
      double eps = epsilon(DpEvent.dpSgd(q, 1.2, 1000), 1e-5);
      assertThat(eps).as("q=%s", q).isLessThan(previous);
      previous = eps;
    }
  }

  @Test
  void epsilon_growsWithTheSteps() {
    double previous = 0;
    for (long steps : new long[] {1, 10, 100, 1000, 10_000}) {
      double eps = epsilon(DpEvent.dpSgd(0.02, 1.0, steps), 1e-5);
      assertThat(eps).as("T=%s", steps).isGreaterThan(previous);
      previous = eps;
    }
  }

  @Test
  void composingOneStepAtATime_equalsSelfComposition() {
    DpEvent step = DpEvent.poissonSampled(0.02, DpEvent.gaussian(1.1));
    List<DpEvent> steps = new ArrayList<>();
    PldAccountant oneByOne = PldAccountant.create();
    for (int i = 0; i < 300; i++) {
      steps.add(step);
      oneByOne = oneByOne.compose(step);
    }
    double self = epsilon(step.repeated(300), 1e-5);
    assertThat(epsilon(new DpEvent.Composed(steps), 1e-5)).isEqualTo(self);
    assertThat(oneByOne.epsilon(1e-5).epsilon()).isEqualTo(self);
    assertThat(epsilon(step.repeated(30).repeated(10), 1e-5)).isEqualTo(self);
  }

  @Test
  void composingDistinctMechanisms_agreesWithSelfComposition() {
    // Two mechanisms a hair apart are composed as two distributions (two transforms multiplied), yet must give
    // the ε of one mechanism self-composed, to the accuracy of the grid (the two grids differ slightly).
    List<DpEvent> steps = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      steps.add(DpEvent.poissonSampled(0.03, DpEvent.gaussian(i % 2 == 0 ? 1.0 : 1.0 + 1e-12)));
    }
    double self = epsilon(DpEvent.dpSgd(0.03, 1.0, 200), 1e-6);
    assertThat(epsilon(new DpEvent.Composed(steps), 1e-6)).isCloseTo(self, within(1e-6 * self));
  }

  @Test
  void orderOfEvents_doesNotMatter() {
    DpEvent a = DpEvent.dpSgd(0.01, 1.1, 1000);
    DpEvent b = DpEvent.gaussian(5.0);
    assertThat(epsilon(DpEvent.composed(a, b), 1e-6)).isEqualTo(epsilon(DpEvent.composed(b, a), 1e-6));
  }

  @Test
  void pld_isTighterThanRdp() {
    DpEvent event = DpEvent.composed(DpEvent.gaussian(20.0), DpEvent.dpSgd(0.015356, 1.1, 10_000));
    double rdp = RdpAccountant.withDefaultOrders().compose(event).epsilon(1e-6).epsilon();
    assertThat(epsilon(event, 1e-6)).isLessThan(rdp);
  }

  @Test
  void epsilon_isTheWorseOfTheAddAndRemoveDirections() {
    PldAccountant a = PldAccountant.create().compose(DpEvent.dpSgd(0.05, 0.9, 100));
    double remove = a.composedDirection(SampledGaussianLoss.Direction.REMOVE).epsilon(1e-5);
    double add = a.composedDirection(SampledGaussianLoss.Direction.ADD).epsilon(1e-5);
    assertThat(remove).isNotEqualTo(add);
    assertThat(a.epsilon(1e-5).epsilon()).isEqualTo(Math.max(remove, add));
  }

  @Test
  void zeroSampling_spendsNothing() {
    PldAccountant a = PldAccountant.create().compose(DpEvent.dpSgd(0, 0.5, 1_000_000));
    assertThat(a.epsilon(1e-5).epsilon()).isZero();
    assertThat(a.delta(0).delta()).isZero();
  }

  @Test
  void nothingSpent_isEpsilonZero_evenAtDeltaZero() {
    assertThat(PldAccountant.create().epsilon(0).epsilon()).isZero();
    assertThat(PldAccountant.create().compose(DpEvent.gaussian(1).repeated(0)).epsilon(1e-5).epsilon()).isZero();
  }

  @Test
  void deltaZero_givesInfiniteEpsilonOnceAnythingIsSpent() {
    assertThat(epsilon(DpEvent.gaussian(100), 0)).isInfinite();
  }

  @Test
  void largeDelta_givesEpsilonZero() {
    // δ(0) is the total variation distance, here about 0.2: any δ above it costs no ε.
    assertThat(epsilon(DpEvent.gaussian(2.0), 0.5)).isZero();
  }

  @Test
  void deltaForEpsilon_invertsEpsilonForDelta() {
    PldAccountant a = PldAccountant.create().compose(DpEvent.dpSgd(0.01, 1.1, 5000));
    for (double delta : new double[] {1e-5, 1e-7, 1e-9}) {
      EpsilonDelta s = a.epsilon(delta);
      assertThat(a.delta(s.epsilon()).delta()).isCloseTo(delta, within(1e-9 * delta));
      assertThat(s.order()).isNaN();
    }
  }

  @Test
  void manySteps_coarsenTheGrid_andStayPessimistic() {
    // 10^9 Gaussians of σ = 1000·√10 are one Gaussian with μ = 10. The grid the variance rule asks for would
    // exceed MAX_POINTS, so the interval is doubled: less accurate, still pessimistic.
    long n = 1_000_000_000L;
    double sigma = 1000 * Math.sqrt(10);
    PldAccountant a = PldAccountant.create().compose(DpEvent.gaussian(sigma).repeated(n));
    double nominal = 2 * Math.sqrt(PldAccountant.DISCRETISATION_VARIANCE_SHARE) / sigma;
    assertThat(a.composedDirection(SampledGaussianLoss.Direction.REMOVE).interval()).isGreaterThan(1.5 * nominal);
    double exact = GaussianClosedForm.epsilon(1e-5, 10);
    assertThat(a.epsilon(1e-5).epsilon()).isGreaterThanOrEqualTo(exact * (1 - ROUNDING))
        .isLessThanOrEqualTo(exact * (1 + ACCURACY));
  }

  @Test
  void composeReturnsANewAccountant_andLeavesTheOldOneUnchanged() {
    PldAccountant empty = PldAccountant.create();
    PldAccountant spent = empty.compose(DpEvent.gaussian(1));
    assertThat(spent).isNotSameAs(empty);
    assertThat(empty.epsilon(1e-5).epsilon()).isZero();
    assertThat(spent.epsilon(1e-5).epsilon()).isPositive();
  }

  @Test
  void nameAndToString_areShort() {
    PldAccountant a = PldAccountant.create().compose(DpEvent.dpSgd(0.0625, 2.25, 480));
    assertThat(a.name()).isEqualTo("pld");
    assertThat(a.toString()).isEqualTo("PldAccountant[480 × PoissonSampled(q=0.0625, σ=2.25)]");
    assertThat(PldAccountant.create().toString()).isEqualTo("PldAccountant[nothing spent]");
    assertThat(a.epsilon(1e-5).toString()).startsWith("ε=2.72").endsWith("(δ=1.00e-05)");
  }

  @Test
  void poissonSampledNonGaussian_isRejectedWithAClearMessage() {
    DpEvent nested = DpEvent.poissonSampled(0.1, DpEvent.gaussian(1).repeated(2));
    assertThatThrownBy(() -> PldAccountant.create().compose(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PldAccountant supports Poisson sampling of a Gaussian event only. Provided: " + nested);
  }

  @Test
  void unsupportedEventInsideAComposition_isRejected() {
    DpEvent twice = DpEvent.poissonSampled(0.1, DpEvent.poissonSampled(0.5, DpEvent.gaussian(1)));
    assertThatThrownBy(() -> PldAccountant.create().compose(DpEvent.composed(DpEvent.gaussian(1), twice.repeated(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Poisson sampling of a Gaussian event only");
  }

  @Test
  void nullEvent_isRejected() {
    assertThatThrownBy(() -> PldAccountant.create().compose(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event must not be null");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.5, -1e-9, Double.NaN, Double.POSITIVE_INFINITY})
  void delta_outsideZeroOne_isRejected(double delta) {
    PldAccountant a = PldAccountant.create().compose(DpEvent.gaussian(1));
    assertThatThrownBy(() -> a.epsilon(delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in [0, 1). Provided value: " + delta);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, -1e-12, Double.NaN, Double.POSITIVE_INFINITY})
  void epsilon_negativeOrNotFinite_isRejected(double epsilon) {
    PldAccountant a = PldAccountant.create().compose(DpEvent.gaussian(1));
    assertThatThrownBy(() -> a.delta(epsilon))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be finite and >= 0. Provided value: " + epsilon);
  }

  @Test
  void deltaBelowTheTailCut_isRejectedWithTheWayOut() {
    PldAccountant a = PldAccountant.create().compose(DpEvent.dpSgd(0.01, 1.0, 100));
    assertThatThrownBy(() -> a.epsilon(1e-14)).hasMessage("the PLD accountant reports epsilon for delta >= 1.0E-13"
        + " (it cuts its tails at 1.0E-15); use the RDP accountant for a smaller delta. Provided value: 1.0E-14");
  }

  @Test
  void moreStepsThanItsGridHolds_areRejected() {
    assertThatThrownBy(() -> PldAccountant.create().compose(DpEvent.dpSgd(0.01, 1.0, 2_000_000_000_000_000L)))
        .hasMessage("the PLD accountant composes at most 1000000000000000 steps in all; use the RDP accountant for"
            + " more. Provided: 2000000000000000 steps");
  }
}
