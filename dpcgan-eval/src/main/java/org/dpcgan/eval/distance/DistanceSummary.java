package org.dpcgan.eval.distance;

import java.util.Arrays;
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

  /** Summarises nearest-neighbour results with k ≥ 2. */
  public static DistanceSummary of(Neighbours neighbours) {
    int n = neighbours.queries();
    double[] d1 = new double[n];
    double[] ratio = new double[n];
    int zeros = 0;
    double sum = 0.0;
    for (int q = 0; q < n; q++) {
      double a = neighbours.distances()[q][0];
      double b = neighbours.distances()[q][1];
      d1[q] = a;
      ratio[q] = b == 0.0 ? 1.0 : a / b;
      sum += a;
      if (a == 0.0) {
        zeros++;
      }
    }
    Arrays.sort(d1);
    Arrays.sort(ratio);
    return new DistanceSummary(
        n, d1[0], quantile(d1, 0.05), quantile(d1, 0.5), sum / n, (double) zeros / n, quantile(ratio, 0.5));
  }

  /** Quantile of sorted values with linear interpolation (numpy's default, "type 7"). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

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
