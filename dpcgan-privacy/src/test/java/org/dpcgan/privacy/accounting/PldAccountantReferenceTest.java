package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with an independent PLD implementation.
 *
 * <p>Source of every expected value: {@code src/test/scripts/pld_reference.out}, produced by the committed
 * script {@code src/test/scripts/pld_reference.py} with Google's {@code dp_accounting} 0.6.0 (commit
 * b5b0286e) run as a black box: pessimistic connect-the-dots at an interval of 1/128 of one step's loss spread
 * ({@code eps_fine}), compared with twice that interval. The reference's own precision: the two grids differ by
 * at most 2.6e-5 relative on every line; the q = 1 lines are 6e-6 to 9e-6 above the exact closed form
 * (mpmath); on the one line whose grids do not converge monotonically (q 5e-4, σ 8, 20,000 steps, δ 1e-5) it
 * is 4.2e-5 above the limit our accountant's grid refinement converges to (0.02385618).
 *
 * <p>Tolerances: ours may be below the reference by at most {@link #REFERENCE_PRECISION} (the reference's own
 * error, with margin: ours is pessimistic, so it is never below the exact value) and above it by at most the
 * documented 1 % ({@link PldAccountantTest#ACCURACY}); it must also be at least dp_accounting's optimistic
 * bound and below the RDP accountant's ε.
 */
class PldAccountantReferenceTest {
  private static final Path REFERENCE = Path.of("src/test/scripts/pld_reference.out");
  /** The reference's own relative precision (at most 4.2e-5, see above), with a margin. */
  static final double REFERENCE_PRECISION = 1e-4;

  static Stream<Arguments> lines(String kind) throws IOException {
    List<String> all = Files.readAllLines(REFERENCE);
    return all.stream().filter(l -> l.startsWith(kind + " ")).map(l -> Arguments.of((Object) l.split(" ")));
  }

  static Stream<Arguments> epsilonLines() throws IOException {
    return lines("epsilon");
  }

  static Stream<Arguments> composedLines() throws IOException {
    return lines("composed");
  }

  static Stream<Arguments> gaussianLines() throws IOException {
    return lines("gaussian");
  }

  static Stream<Arguments> noiseLines() throws IOException {
    return lines("noise");
  }

  private static void assertWithinTolerance(double ours, double reference) {
    assertThat(ours).isGreaterThanOrEqualTo(reference * (1 - REFERENCE_PRECISION))
        .isLessThanOrEqualTo(reference * (1 + PldAccountantTest.ACCURACY));
  }

  @ParameterizedTest(name = "ε q={1} σ={2} T={3} δ={4}")
  @MethodSource("epsilonLines")
  void epsilon_matchesDpAccounting_andIsBelowRdp(String[] f) {
    DpEvent event = DpEvent.dpSgd(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]));
    double delta = Double.parseDouble(f[4]);
    EpsilonDelta s = PldAccountant.create().compose(event).epsilon(delta);
    assertWithinTolerance(s.epsilon(), Double.parseDouble(f[5]));
    assertThat(s.epsilon()).isGreaterThanOrEqualTo(Double.parseDouble(f[9])); // dp_accounting's optimistic bound
    assertThat(s.epsilon()).isLessThan(RdpAccountant.withDefaultOrders().compose(event).epsilon(delta).epsilon());
  }

  @ParameterizedTest(name = "Gaussian(σ={4}) then ε q={1} σ={2} T={3} δ={5}")
  @MethodSource("composedLines")
  void composedWithAGaussian_matchesDpAccounting(String[] f) {
    DpEvent event = DpEvent.composed(DpEvent.gaussian(Double.parseDouble(f[4])),
        DpEvent.dpSgd(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3])));
    double delta = Double.parseDouble(f[5]);
    double eps = PldAccountant.create().compose(event).epsilon(delta).epsilon();
    assertWithinTolerance(eps, Double.parseDouble(f[6]));
    assertThat(eps).isLessThan(RdpAccountant.withDefaultOrders().compose(event).epsilon(delta).epsilon());
  }

  @ParameterizedTest(name = "{2} × Gaussian(σ={1}) δ={3}")
  @MethodSource("gaussianLines")
  void gaussianClosedForm_matchesMpmath_andBoundsOurs(String[] f) {
    double sigma = Double.parseDouble(f[1]);
    long steps = Long.parseLong(f[2]);
    double delta = Double.parseDouble(f[3]);
    double exact = Double.parseDouble(f[4]);
    assertThat(GaussianClosedForm.epsilon(delta, Math.sqrt(steps) / sigma)).isCloseTo(exact, within(1e-9 * exact));
    double ours = PldAccountant.create().compose(DpEvent.gaussian(sigma).repeated(steps)).epsilon(delta).epsilon();
    assertThat(ours).isGreaterThanOrEqualTo(exact * (1 - PldAccountantTest.ROUNDING))
        .isLessThanOrEqualTo(exact * (1 + PldAccountantTest.ACCURACY));
  }

  @ParameterizedTest(name = "σ for ε={1} δ={2} q={3} T={4}")
  @MethodSource("noiseLines")
  void noiseCalibration_spendsAtMostTheTarget_andAsMuchNoiseAsDpAccountingNeeds(String[] f) {
    double target = Double.parseDouble(f[1]);
    double delta = Double.parseDouble(f[2]);
    double q = Double.parseDouble(f[3]);
    long steps = Long.parseLong(f[4]);
    double reference = Double.parseDouble(f[5]);
    CalibratedNoise c = NoiseCalibration.withDefaults().withAccountant(Accountants.pld())
        .noiseMultiplier(target, delta, q, steps);
    assertThat(c.spent().epsilon()).isLessThanOrEqualTo(target).isGreaterThanOrEqualTo(target * 0.99);
    // Pessimistic ε needs at least the reference's noise (up to its precision), and at most 1 % more.
    assertThat(c.noiseMultiplier()).isGreaterThanOrEqualTo(reference * (1 - REFERENCE_PRECISION))
        .isLessThanOrEqualTo(reference * (1 + PldAccountantTest.ACCURACY));
  }
}
