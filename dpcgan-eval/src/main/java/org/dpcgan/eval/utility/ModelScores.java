package org.dpcgan.eval.utility;

import java.util.Locale;

/**
 * Test scores of one model on real test rows; NaN where a metric does not apply.
 *
 * @param accuracy share of right labels (classification)
 * @param f1 macro-averaged F1 over the classes present in the test rows (classification)
 * @param positiveF1 for a two-class target, the F1 of the less frequent real class (scikit-learn's
 *     {@code average="binary"}, the figure the CTGAN benchmark reports for Adult's {@code income}); NaN otherwise
 * @param auc ROC AUC; for two classes that of the less frequent real class, else the macro one-vs-rest mean
 *     (classification)
 * @param r2 coefficient of determination 1 − SS_res/SS_tot (regression)
 */
public record ModelScores(double accuracy, double f1, double positiveF1, double auc, double r2) {
  @Override
  public String toString() {
    return Double.isNaN(r2)
        ? String.format(Locale.ROOT, "accuracy=%.4f, f1=%.4f, positive-class f1=%.4f, auc=%.4f", accuracy, f1,
            positiveF1, auc)
        : String.format(Locale.ROOT, "r2=%.4f", r2);
  }
}
