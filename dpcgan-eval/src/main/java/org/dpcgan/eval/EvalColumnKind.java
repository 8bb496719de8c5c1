package org.dpcgan.eval;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.columns.Column;

/**
 * How the evaluation treats a column. Inferred from the tablesaw column type (string, text and boolean
 * columns are categorical, number columns numeric) unless the caller overrides it, e.g. for a 0/1 integer
 * column that is really a category.
 */
public enum EvalColumnKind {
  /** Ordered values compared by magnitude: KS statistic, correlation, range-normalised distance. */
  NUMERIC,
  /** Unordered levels compared for equality: total variation, contingency tables, 0/1 distance. */
  CATEGORICAL;

  /** The kind inferred from a column's type: numbers are numeric, everything else (booleans too) categorical. */
  public static EvalColumnKind inferred(Column<?> column) {
    // By class, not by ColumnType identity: the type singletons are not reliably identical across class
    // initialisation orders.
    return column instanceof NumericColumn<?> && !(column instanceof BooleanColumn) ? NUMERIC : CATEGORICAL;
  }
}
