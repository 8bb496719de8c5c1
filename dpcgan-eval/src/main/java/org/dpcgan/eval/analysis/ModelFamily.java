package org.dpcgan.eval.analysis;

/** The regression an analysis fits, chosen from the outcome column. */
public enum ModelFamily {
  /** Logistic regression, for a binary outcome (a categorical column with 2 levels, or a numeric 0/1 column). */
  LOGISTIC,
  /** Ordinary least squares, for any other numeric outcome. */
  LINEAR;

  /** The name used in the JSON report: {@code "logistic"} or {@code "linear"}. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
