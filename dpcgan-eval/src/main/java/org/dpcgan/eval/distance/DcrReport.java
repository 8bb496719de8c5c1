package org.dpcgan.eval.distance;

/**
 * Distance to closest record, for synthetic rows and (as the yardstick) for real holdout rows.
 *
 * @param syntheticToTrain distances from each synthetic row to its closest training row
 * @param holdoutToTrain distances from each holdout row to its closest training row; {@code null} without a
 *     holdout
 * @param exactCopies number of synthetic rows identical (every cell, missing equal to missing) to a training
 *     row
 * @param holdoutExactCopies number of holdout rows identical to a training row (natural duplicates in real
 *     data), or −1 without a holdout
 */
public record DcrReport(
    DistanceSummary syntheticToTrain, DistanceSummary holdoutToTrain, int exactCopies, int holdoutExactCopies) {
  @Override
  public String toString() {
    return "DcrReport[synthetic->train "
        + syntheticToTrain
        + ", holdout->train "
        + holdoutToTrain
        + ", exact copies="
        + exactCopies
        + "]";
  }
}
