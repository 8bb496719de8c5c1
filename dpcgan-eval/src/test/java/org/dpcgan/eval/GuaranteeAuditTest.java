package org.dpcgan.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuaranteeAuditTest {
  static GuaranteeAudit passing() {
    return new GuaranteeAudit(new GuaranteeAudit.Sensitivity(0.99999, 30, 8, true),
        new GuaranteeAudit.Empirical(0.21, 0.95, 1000, 120, 80, 2.31, 2.52, true, true),
        new GuaranteeAudit.Claimed(3.0, 1e-5, 2.25));
  }

  @Test
  void passed_needsEveryVerdict() {
    assertThat(passing().passed()).isTrue();
    GuaranteeAudit a = passing();
    GuaranteeAudit noisy = new GuaranteeAudit(a.sensitivity(), new GuaranteeAudit.Empirical(0.21, 0.95, 1000, 120, 80,
        1.1, 1.2, true, false), a.claimed());
    assertThat(noisy.passed()).isFalse();
    assertThat(noisy.summary()).startsWith("audit FAILED").contains("against the claimed σ = 2.250: FAILS");
  }

  @Test
  void summary_givesTheBoundBesideTheClaimedEpsilon() {
    assertThat(passing().summary()).isEqualTo("audit passed — one-run ε ≥ 0.210 at 95% confidence (80 of 120 guesses"
        + " right, 1000 canaries) against the claimed ε = 3.000: holds; sensitivity 0.999990 C at most over 30 steps"
        + " and 8 canary rows: holds; σ measured 2.310 (at most 2.520) against the claimed σ = 2.250: holds");
    assertThat(passing().toString()).isEqualTo("GuaranteeAudit[passed; ε ≥ 0.210 vs claimed 3.000]");
  }

  @Test
  void sensitivity_nanRatio_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Sensitivity(Double.NaN, 30, 8, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sensitivity max_ratio must be finite and >= 0.0. Provided value: NaN");
  }

  @Test
  void sensitivity_zeroSteps_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Sensitivity(0.5, 0, 8, true))
        .hasMessage("sensitivity steps must be >= 1. Provided value: 0");
  }

  @Test
  void empirical_negativeBound_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Empirical(-0.1, 0.95, 10, 5, 3, 1, 2, true, true))
        .hasMessage("empirical epsilon_lower_bound must be finite and >= 0.0. Provided value: -0.1");
  }

  @Test
  void empirical_confidenceOfOne_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Empirical(0.1, 1.0, 10, 5, 3, 1, 2, true, true))
        .hasMessage("empirical confidence must be in (0, 1). Provided value: 1.0");
  }

  @Test
  void empirical_moreCorrectThanGuesses_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Empirical(0.1, 0.95, 10, 5, 6, 1, 2, true, true))
        .hasMessage("empirical guesses and correct must satisfy 0 <= correct <= guesses <= canaries. Provided values:"
            + " correct 6, guesses 5, canaries 10");
  }

  @Test
  void empirical_unmeasurableNoise_isAllowed() {
    assertThat(new GuaranteeAudit.Empirical(0.0, 0.95, 10, 0, 0, Double.NaN, Double.POSITIVE_INFINITY, true, true)
        .noiseMultiplierUpper()).isInfinite();
  }

  @Test
  void claimed_deltaAboveOne_isRejected() {
    assertThatThrownBy(() -> new GuaranteeAudit.Claimed(1.0, 2.0, 1.0))
        .hasMessage("claimed delta must be in [0, 1]. Provided value: 2.0");
  }

  @Test
  void reportWithoutGuarantee_refusesAnAudit() {
    EvaluationReport bare = org.dpcgan.eval.ReportFixtures.report();
    assertThatThrownBy(() -> new EvaluationReport(bare.info(), bare.fidelity(), bare.detection(), bare.utility(),
        bare.privacy(), bare.marginals(), bare.warnings(), null).withAudit(passing()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("an audit is shown beside a guarantee, and this report has none");
  }
}
