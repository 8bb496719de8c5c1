package org.dpcgan.eval;

import java.util.Locale;
import java.util.Objects;

/**
 * The result of an audit of a DP guarantee (e.g. {@code dpcgan audit}), attached to the report's guarantee so that a
 * reader sees what was measured beside what is claimed. The auditor decides each check; this record holds its
 * figures and verdicts and does not recompute them (the guarantee's maths lives with the module that owns it).
 *
 * @param sensitivity the largest change one canary row made to the clipped sum of a DP step
 * @param empirical the one-run lower bound on ε and the measured noise
 * @param claimed what the audited fit claims
 */
public record GuaranteeAudit(Sensitivity sensitivity, Empirical empirical, Claimed claimed) {
  public GuaranteeAudit {
    Objects.requireNonNull(sensitivity, "sensitivity");
    Objects.requireNonNull(empirical, "empirical");
    Objects.requireNonNull(claimed, "claimed");
  }

  /**
   * The sensitivity check.
   *
   * @param maxRatio the largest change of the clipped sum over the steps and canaries, in units of the clip norm C,
   *     finite and ≥ 0
   * @param steps the DP steps measured, ≥ 1
   * @param canaries the canary rows, ≥ 1
   * @param holds the auditor's verdict: at most C (up to float rounding)
   */
  public record Sensitivity(double maxRatio, long steps, int canaries, boolean holds) {
    public Sensitivity {
      requireFinite("sensitivity max_ratio", maxRatio, 0.0);
      requireAtLeast("sensitivity steps", steps, 1);
      requireAtLeast("sensitivity canaries", canaries, 1);
    }
  }

  /**
   * The one-run audit (Steinke, Nasr and Jagielski 2023).
   *
   * @param epsilonLowerBound the ε lower bound at {@code confidence}, finite and ≥ 0
   * @param confidence the confidence of the bounds, in (0, 1)
   * @param canaries the gradient canaries, ≥ 1
   * @param guesses the membership guesses made, in [0, canaries]
   * @param correct the right guesses, in [0, guesses]
   * @param noiseMultiplier the noise multiplier σ measured, ≥ 0 (may be NaN when not measurable)
   * @param noiseMultiplierUpper its upper confidence bound, ≥ 0 (may be +∞ or NaN)
   * @param lowerBoundHolds the auditor's verdict: the lower bound does not exceed the claimed ε
   * @param noiseHolds the auditor's verdict: the measured noise is not below the claimed σ
   */
  public record Empirical(double epsilonLowerBound, double confidence, int canaries, int guesses, int correct,
      double noiseMultiplier, double noiseMultiplierUpper, boolean lowerBoundHolds, boolean noiseHolds) {
    public Empirical {
      requireFinite("empirical epsilon_lower_bound", epsilonLowerBound, 0.0);
      if (!(confidence > 0.0 && confidence < 1.0)) {
        throw new IllegalArgumentException("empirical confidence must be in (0, 1). Provided value: " + confidence);
      }
      requireAtLeast("empirical canaries", canaries, 1);
      if (guesses < 0 || guesses > canaries || correct < 0 || correct > guesses) {
        throw new IllegalArgumentException("empirical guesses and correct must satisfy 0 <= correct <= guesses <="
            + " canaries. Provided values: correct " + correct + ", guesses " + guesses + ", canaries " + canaries);
      }
      if (noiseMultiplier < 0.0 || noiseMultiplierUpper < 0.0) {
        throw new IllegalArgumentException("empirical noise_multiplier and noise_multiplier_upper must be >= 0."
            + " Provided values: " + noiseMultiplier + ", " + noiseMultiplierUpper);
      }
    }
  }

  /**
   * What the audited fit claims.
   *
   * @param epsilon its ε, finite and ≥ 0
   * @param delta its δ, in [0, 1]
   * @param noiseMultiplier the σ its accountant charges for, finite and ≥ 0
   */
  public record Claimed(double epsilon, double delta, double noiseMultiplier) {
    public Claimed {
      requireFinite("claimed epsilon", epsilon, 0.0);
      if (!(delta >= 0.0 && delta <= 1.0)) {
        throw new IllegalArgumentException("claimed delta must be in [0, 1]. Provided value: " + delta);
      }
      requireFinite("claimed noise_multiplier", noiseMultiplier, 0.0);
    }
  }

  /** True when every check holds. */
  public boolean passed() {
    return sensitivity.holds() && empirical.lowerBoundHolds() && empirical.noiseHolds();
  }

  /** One line for reports: the verdict and the figures behind it. */
  public String summary() {
    return String.format(Locale.ROOT, "%s — one-run ε ≥ %.3g at %.0f%% confidence (%d of %d guesses right, %d"
            + " canaries) against the claimed ε = %.4g: %s; sensitivity %.6f C at most over %d steps and %d canary"
            + " rows: %s; σ measured %.4g (at most %.4g) against the claimed σ = %.4g: %s",
        passed() ? "audit passed" : "audit FAILED", empirical.epsilonLowerBound(), 100 * empirical.confidence(),
        empirical.correct(), empirical.guesses(), empirical.canaries(), claimed.epsilon(),
        verdict(empirical.lowerBoundHolds()), sensitivity.maxRatio(), sensitivity.steps(), sensitivity.canaries(),
        verdict(sensitivity.holds()), empirical.noiseMultiplier(), empirical.noiseMultiplierUpper(),
        claimed.noiseMultiplier(), verdict(empirical.noiseHolds()));
  }

  private static String verdict(boolean holds) {
    return holds ? "holds" : "FAILS";
  }

  private static void requireFinite(String name, double value, double min) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= " + min + ". Provided value: " + value);
    }
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ". Provided value: " + value);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "GuaranteeAudit[%s; ε ≥ %.3g vs claimed %.4g]", passed() ? "passed" : "FAILED",
        empirical.epsilonLowerBound(), claimed.epsilon());
  }
}
