package org.dpcgan.eval.rules;

import java.util.Locale;

/**
 * One rule checked on the real and on the synthetic table: a synthetic table should break a declared rule no
 * more often than the real one does.
 *
 * @param rule the rule as written
 * @param line its line in the rule set
 * @param realViolations real rows that violate it
 * @param realRows real rows checked
 * @param syntheticViolations synthetic rows that violate it
 * @param syntheticRows synthetic rows checked
 */
public record RuleComparison(
    String rule, int line, int realViolations, int realRows, int syntheticViolations, int syntheticRows) {
  /** Share of real rows that violate the rule. */
  public double realRate() {
    return realRows == 0 ? Double.NaN : (double) realViolations / realRows;
  }

  /** Share of synthetic rows that violate the rule. */
  public double syntheticRate() {
    return syntheticRows == 0 ? Double.NaN : (double) syntheticViolations / syntheticRows;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "RuleComparison[%s: real %.4f, synthetic %.4f]", rule, realRate(), syntheticRate());
  }
}
