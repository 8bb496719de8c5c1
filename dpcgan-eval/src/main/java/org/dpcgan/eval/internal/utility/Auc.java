package org.dpcgan.eval.internal.utility;

/**
 * Area under the ROC curve from scores, via the Mann–Whitney U statistic with mid-ranks for ties (Hanley and
 * McNeil 1982, "The meaning and use of the area under a receiver operating characteristic (ROC) curve",
 * Radiology 143): AUC = (R₊ − n₊(n₊+1)/2) / (n₊ n₋), R₊ the rank sum of the positives.
 */
final class Auc {
  private Auc() {}

  /**
   * The AUC of {@code scores} for {@code positive} labels; NaN when either class is absent.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a score is NaN
   */
  public static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          "scores and labels must have equal length. Provided: " + scores.length + " and " + positive.length);
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("scores must not be NaN");
      }
    }
    double[] ranks = org.dpcgan.eval.internal.fidelity.FidelityMetrics.midRanks(scores);
    double rankSum = 0.0;
    long nPos = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        rankSum += ranks[i];
        nPos++;
      }
    }
    long nNeg = scores.length - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    return (rankSum - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }
}
