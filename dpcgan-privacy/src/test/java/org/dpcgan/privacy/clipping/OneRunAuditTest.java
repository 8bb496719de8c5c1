package org.dpcgan.privacy.clipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The one-run audit (Steinke, Nasr and Jagielski 2023): its bound against an independent implementation, and the
 * audit of the aggregator itself — below the accountant's ε as built, above it with the noise halved.
 */
class OneRunAuditTest {
  private static final double DELTA = 1e-5;

  @Test
  void pValue_matchesTheReferenceScript() {
    // dpcgan-privacy/src/test/scripts/one_run_reference.out, lines 1-5 (scipy 1.10)
    assertThat(OneRunAudit.pValue(1000, 100, 60, 0.0, 0.0)).isCloseTo(0.02844396682049044, within(1e-12));
    assertThat(OneRunAudit.pValue(1000, 100, 80, 1.0, 0.0)).isCloseTo(0.07155624680483674, within(1e-12));
    assertThat(OneRunAudit.pValue(10000, 200, 190, 2.0, 1e-5)).isCloseTo(0.010074868703874652, within(1e-12));
    assertThat(OneRunAudit.pValue(50000, 1000, 900, 2.0, 1e-5)).isCloseTo(0.059838061211612434, within(1e-12));
    assertThat(OneRunAudit.pValue(50000, 2500, 2400, 3.0, 1e-6)).isCloseTo(0.04471421517996137, within(1e-12));
  }

  @Test
  void epsilonLowerBound_matchesTheReferenceScript() {
    // one_run_reference.out, lines 6-10
    assertThat(OneRunAudit.epsilonLowerBound(1000, 100, 60, 0.0, 0.05)).isCloseTo(0.05191493779919373, within(1e-9));
    assertThat(OneRunAudit.epsilonLowerBound(10000, 200, 190, 1e-5, 0.05)).isCloseTo(2.352564388560104, within(1e-9));
    assertThat(OneRunAudit.epsilonLowerBound(50000, 1000, 900, 1e-5, 0.0125))
        .isCloseTo(1.6747781469951997, within(1e-9));
    assertThat(OneRunAudit.epsilonLowerBound(50000, 2500, 2400, 1e-6, 0.0125))
        .isCloseTo(2.943446725057228, within(1e-9));
    assertThat(OneRunAudit.epsilonLowerBound(20000, 400, 200, 1e-5, 0.05)).isZero();
  }

  /** ε lower bound of {@code steps} aggregator steps (q = 0.5) that add noise {@code actualSigma}. */
  private static OneRunAudit.Result audit(double actualSigma, long seed) {
    List<long[]> shapes = List.of(new long[] {300, 200}, new long[] {200});
    SplittableRandom random = new SplittableRandom(seed);
    OneRunAudit canaries = OneRunAudit.of(50_000, random);
    DpSgdAggregator aggregator = new DpSgdAggregator(1.0, actualSigma, 100, 200, GaussianNoise.insecureSeeded(seed))
        .withAudit(canaries);
    for (int s = 0; s < 40; s++) {
      aggregator.aggregateEmptyBatch(shapes, DataType.FLOAT);   // the canaries are the only examples
    }
    return canaries.result(DELTA, 0.95);
  }

  private static double accountant(double sigma) {
    return RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.5, sigma, 40)).epsilon(DELTA).epsilon();
  }

  @Test
  void audit_ofTheAggregatorAsBuilt_staysBelowTheAccountant() {
    // σ = 2.4, q = 0.5, 40 steps: the accountant's ε is 7.1; simulations of this audit give about 2.8.
    double claimed = accountant(2.4);
    OneRunAudit.Result r = audit(2.4, 11);
    assertThat(r.epsilonLowerBound()).isPositive().isLessThan(claimed);
    // 25,000 non-members: the measured σ is within 2 % of 2.4 (its standard error is 0.45 %)
    assertThat(r.noiseMultiplier()).isCloseTo(2.4, within(0.05));
    assertThat(r.noiseMultiplierUpper()).isGreaterThanOrEqualTo(2.4);
  }

  @Test
  void audit_withTheNoiseHalved_measuresTooLittleNoise() {
    // The threshold bound cannot see a halved noise here (about 4.3 against the accountant's 7.1); the measured σ can.
    OneRunAudit.Result r = audit(1.2, 12);
    assertThat(r.epsilonLowerBound()).isLessThan(accountant(2.4));
    assertThat(r.noiseMultiplierUpper()).isLessThan(2.4);
  }

  @Test
  void audit_withoutNoise_guessesEveryCanaryRight() {
    // Noise 1e-6·C: every guess is right; with 50,000 canaries at δ = 1e-5 the bound's δ term (2mδ = 1) caps it
    // near 4.4, which is why the audit measures the noise as well.
    OneRunAudit.Result r = audit(1e-6, 13);
    assertThat(r.correct()).isEqualTo(r.guesses());
    assertThat(r.epsilonLowerBound()).isGreaterThan(4);
    assertThat(r.noiseMultiplierUpper()).isLessThan(0.1);
  }

  @Test
  void tooFewCanaries_areRejected() {
    assertThatThrownBy(() -> OneRunAudit.of(100, new SplittableRandom(1)))
        .hasMessage("a one-run audit needs at least 200 canaries. Provided value: 100");
  }
}
