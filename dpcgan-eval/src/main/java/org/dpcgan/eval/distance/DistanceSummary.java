package org.dpcgan.eval.distance;

import java.util.Locale;

/**
 * Summary of the distances from a set of rows to their closest training rows.
 *
 * @param rows number of rows measured
 * @param min smallest distance to the closest record
 * @param p05 5th percentile (linear interpolation between order statistics)
 * @param median median
 * @param mean mean
 * @param zeroShare share of rows at distance 0 (identical on every column to some training row)
 * @param nndrMedian median nearest-neighbour distance ratio d₁/d₂ (1 when d₁ = d₂ = 0)
 */
public record DistanceSummary(
    int rows, double min, double p05, double median, double mean, double zeroShare, double nndrMedian) {

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "DistanceSummary[rows=%d, min=%.4f, p05=%.4f, median=%.4f, zero=%.2f%%, nndr=%.3f]",
        rows,
        min,
        p05,
        median,
        100 * zeroShare,
        nndrMedian);
  }
}
