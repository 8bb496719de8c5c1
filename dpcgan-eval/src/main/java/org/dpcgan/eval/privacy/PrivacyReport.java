package org.dpcgan.eval.privacy;

import org.dpcgan.eval.distance.DcrReport;

/**
 * The privacy section of the report.
 *
 * @param singlingOut singling-out risk, or {@code null} when not run (no holdout, or no isolating predicate)
 * @param linkability linkability risk, or {@code null} when not run (no holdout, or fewer than two attacker
 *     columns)
 * @param inference inference risk, or {@code null} when not run (no holdout or no secret column)
 * @param dcr distance to closest record and exact copies
 * @param attackerColumns the columns the attacker knows (linkability halves: first and second half)
 * @param secret the secret column of the inference attack, or {@code null}
 */
public record PrivacyReport(
    RiskEstimate singlingOut,
    RiskEstimate linkability,
    RiskEstimate inference,
    DcrReport dcr,
    java.util.List<String> attackerColumns,
    String secret) {

  public PrivacyReport {
    attackerColumns = java.util.List.copyOf(attackerColumns);
  }

  @Override
  public String toString() {
    return "PrivacyReport[singling out="
        + singlingOut
        + ", linkability="
        + linkability
        + ", inference="
        + inference
        + ", exact copies="
        + dcr.exactCopies()
        + "]";
  }
}
