package org.dpcgan.eval;

/**
 * How the evaluation treats a column. Inferred from the tablesaw column type (string, text and boolean
 * columns are categorical, number columns numeric) unless the caller overrides it, e.g. for a 0/1 integer
 * column that is really a category.
 */
public enum EvalColumnKind {
  /** Ordered values compared by magnitude: KS statistic, correlation, range-normalised distance. */
  NUMERIC,
  /** Unordered levels compared for equality: total variation, contingency tables, 0/1 distance. */
  CATEGORICAL
}
