package org.dpcgan.eval.fidelity;

/** The correlation coefficient used by CorrelationSimilarity. */
public enum CorrelationMethod {
  /** Pearson's product-moment correlation (SDMetrics' default). */
  PEARSON,
  /** Spearman's rank correlation: Pearson's on mid-ranks (ties share the mean rank). */
  SPEARMAN
}
