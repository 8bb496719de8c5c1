package org.dpcgan.core.data;

import tech.tablesaw.api.Table;

/**
 * A train/holdout split of one table (DESIGN.md §1).
 *
 * @param train rows to fit on
 * @param holdout rows kept back for evaluation
 */
public record Split(Table train, Table holdout) {
  @Override
  public String toString() {
    return "Split[train=" + train.rowCount() + " rows, holdout=" + holdout.rowCount() + " rows]";
  }
}
