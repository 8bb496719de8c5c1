package org.dpcgan.eval;

import java.util.Map;

/**
 * What was evaluated.
 *
 * @param realRows rows of the real (training) table
 * @param syntheticRows rows of the synthetic table
 * @param holdoutRows rows of the holdout table, or 0 when none was given
 * @param seed the seed of every random choice in the evaluation
 * @param columnKinds each column's kind, in column order
 */
public record EvaluationInfo(
    int realRows, int syntheticRows, int holdoutRows, long seed, Map<String, EvalColumnKind> columnKinds) {
  public EvaluationInfo {
    columnKinds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnKinds));
  }

  @Override
  public String toString() {
    return "EvaluationInfo[real=" + realRows + ", synthetic=" + syntheticRows + ", holdout=" + holdoutRows
        + ", columns=" + columnKinds.size() + ", seed=" + seed + "]";
  }
}
