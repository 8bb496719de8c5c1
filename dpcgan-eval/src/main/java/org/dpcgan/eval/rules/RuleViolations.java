package org.dpcgan.eval.rules;

import java.util.Locale;

/**
 * How many rows of one table violate one rule.
 *
 * @param rule the rule
 * @param violations rows on which the rule is definitely false
 * @param rows rows checked
 */
public record RuleViolations(Rule rule, int violations, int rows) {
  /** violations / rows (NaN for an empty table). */
  public double rate() {
    return rows == 0 ? Double.NaN : (double) violations / rows;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RuleViolations[%s: %d of %d rows]", rule.text(), violations, rows);
  }
}
