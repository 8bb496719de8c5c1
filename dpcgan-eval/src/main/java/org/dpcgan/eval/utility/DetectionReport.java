package org.dpcgan.eval.utility;

import java.util.Locale;

/**
 * How well a classifier tells real rows from synthetic ones.
 *
 * @param auc mean cross-validated ROC AUC of "synthetic" against "real"
 * @param score {@code 1 − (2·max(auc, ½) − 1)}: 1 when indistinguishable, 0 when perfectly separated
 * @param folds number of cross-validation folds
 * @param rowsPerTable rows used from each of the two tables
 * @param model the classifier and its hyperparameters
 */
public record DetectionReport(double auc, double score, int folds, int rowsPerTable, String model) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DetectionReport[score=%.4f, auc=%.4f, %d-fold, %d rows each]", score, auc, folds, rowsPerTable);
  }
}
