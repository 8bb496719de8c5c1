package org.dpcgan.eval;

import java.util.Locale;

/**
 * A formal privacy guarantee that the caller (e.g. the generator that made the synthetic table) attaches to
 * the report. The evaluation does not check it; the report shows it next to the measured risks, and next to an
 * audit of it when the caller has one.
 *
 * @param epsilon the ε of the (ε, δ)-differential-privacy guarantee, finite and ≥ 0
 * @param delta the δ, in [0, 1]
 * @param notes how it was obtained (accountant, what was declared public), possibly empty
 * @param audit an audit of the guarantee (e.g. {@code dpcgan audit}), or {@code null} when none was given
 */
public record PrivacyGuarantee(double epsilon, double delta, String notes, GuaranteeAudit audit) {
  public PrivacyGuarantee {
    if (!(epsilon >= 0.0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0. Provided value: " + epsilon);
    }
    if (!(delta >= 0.0 && delta <= 1.0)) {
      throw new IllegalArgumentException("delta must be in [0, 1]. Provided value: " + delta);
    }
    notes = notes == null ? "" : notes;
  }

  /** A guarantee without an audit. */
  public PrivacyGuarantee(double epsilon, double delta, String notes) {
    this(epsilon, delta, notes, null);
  }

  /** A copy carrying {@code newAudit} (replacing any earlier one). */
  public PrivacyGuarantee withAudit(GuaranteeAudit newAudit) {
    return new PrivacyGuarantee(epsilon, delta, notes, java.util.Objects.requireNonNull(newAudit, "audit"));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "(ε=%.4g, δ=%.3g)-DP%s", epsilon, delta, notes.isEmpty() ? "" : " — " + notes);
  }
}
