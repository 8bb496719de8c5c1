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
 * Agreement with independent high-precision values.
 *
 * <p>Source of every expected value: {@code src/test/scripts/rdp_reference.out}, produced by the committed
 * script {@code src/test/scripts/rdp_reference.py} (mpmath 1.3.0, 40–60 digits; integer orders by the exact
 * binomial sum, fractional orders by quadrature of the defining integral — a different method from the
 * series used here). Tolerance: 1e-6 relative, as DESIGN.md §4 requires.
 *
 * <p>The fractional-order points also pin down the exact, signed series: the upper bound that sums the
 * absolute values of the terms differs from these references by 2.8e-6 (q 0.9, σ 0.8, α 2.3), 5.7e-4 (q 0.5,
 * σ 2, α 4.4), 1.8e-3 (q 0.04, σ 1.5, α 2.5), 4.0e-2 (q 0.01, σ 1, α 1.5) and 0.20 (q 0.001, σ 0.5, α 1.1)
 * relative, so it would fail here.
 */
class RdpAccountantReferenceTest {
  private static final Path REFERENCE = Path.of("src/test/scripts/rdp_reference.out");

  static Stream<Arguments> lines(String kind) throws IOException {
    List<String> all = Files.readAllLines(REFERENCE);
    return all.stream().filter(l -> l.startsWith(kind + " ")).map(l -> Arguments.of((Object) l.split(" ")));
  }

  static Stream<Arguments> rdpLines() throws IOException {
    return lines("rdp");
  }

  static Stream<Arguments> epsilonLines() throws IOException {
    return lines("epsilon");
  }

  static Stream<Arguments> noiseLines() throws IOException {
    return lines("noise");
  }

  private static double[] orders(String which) {
    return which.equals("opacus") ? RdpAccountantTest.opacusOrders() : RdpAccountant.defaultOrders();
  }

  @ParameterizedTest(name = "RDP q={1} σ={2} α={3}")
  @MethodSource("rdpLines")
  void rdp_matchesHighPrecisionReference(String[] f) {
    double expected = Double.parseDouble(f[4]);
    double actual = RdpAccountant.sampledGaussianRdp(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3]));
    assertThat(actual).isCloseTo(expected, within(1e-6 * expected));
  }

  @ParameterizedTest(name = "ε q={1} σ={2} T={3} δ={4} orders={5}")
  @MethodSource("epsilonLines")
  void epsilon_matchesHighPrecisionReference(String[] f) {
    EpsilonDelta s = RdpAccountant.withOrders(orders(f[5]))
        .compose(DpEvent.dpSgd(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3])))
        .epsilon(Double.parseDouble(f[4]));
    double expected = Double.parseDouble(f[6]);
    assertThat(s.epsilon()).isCloseTo(expected, within(1e-6 * expected));
    assertThat(s.order()).isEqualTo(Double.parseDouble(f[7]));
  }

  @ParameterizedTest(name = "σ for ε={4} q={1} T={2} δ={3} orders={5}")
  @MethodSource("noiseLines")
  void noiseCalibration_isWithinToleranceAboveTheExactRoot(String[] f) {
    double exactRoot = Double.parseDouble(f[6]);
    double target = Double.parseDouble(f[4]);
    CalibratedNoise c = NoiseCalibration.withDefaults().withOrders(orders(f[5]))
        .noiseMultiplier(target, Double.parseDouble(f[3]), Double.parseDouble(f[1]), Long.parseLong(f[2]));
    // The calibrated σ lies in [root, root + tolerance] up to the accountant's own 1e-12-level error.
    assertThat(c.noiseMultiplier()).isBetween(exactRoot - 1e-9, exactRoot + NoiseCalibration.TOLERANCE);
    assertThat(c.spent().epsilon()).isLessThanOrEqualTo(target);
  }
}
