package org.dpcgan.eval.analysis;

import java.util.Locale;

/**
 * The propensity score mean squared error of a synthetic table (Woo et al. 2009; Snoke et al. 2018).
 *
 * @param pmse mean over the combined rows of (p̂ − c)², c = synthetic rows / all rows
 * @param expected its expectation k(1 − c)²c/N under the null that the synthetic rows come from the real rows'
 *     distribution (Snoke et al. 2018), k the propensity model's parameters besides the intercept
 * @param standardised {@code pmse / expected} (S_pMSE): about 1 for a correct synthesis; synthpop's rule of thumb
 *     calls values below 10 useful
 * @param parameters k
 * @param realRows real rows used
 * @param syntheticRows synthetic rows used
 * @param model the propensity model
 */
public record PmseReport(
    double pmse, double expected, double standardised, int parameters, int realRows, int syntheticRows,
    String model) {
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "PmseReport[pMSE=%.3g, expected %.3g, S_pMSE=%.3f, k=%d, rows %d + %d]",
        pmse, expected, standardised, parameters, realRows, syntheticRows);
  }
}
