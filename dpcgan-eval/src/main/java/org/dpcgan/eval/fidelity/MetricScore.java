package org.dpcgan.eval.fidelity;

/**
 * One metric's score in [0, 1] (1 = the synthetic column or pair looks like the real one).
 *
 * @param metric the SDMetrics metric name, e.g. {@code "KSComplement"}
 * @param score the score, or NaN when it is undefined (then a warning says why)
 */
public record MetricScore(String metric, double score) {
  @Override
  public String toString() {
    return metric + "=" + String.format(java.util.Locale.ROOT, "%.4f", score);
  }
}
