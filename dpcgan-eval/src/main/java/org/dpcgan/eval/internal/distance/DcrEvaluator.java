package org.dpcgan.eval.internal.distance;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.dpcgan.eval.distance.DcrReport;
import org.dpcgan.eval.distance.DistanceSummary;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * Distance to closest record (DCR) and nearest-neighbour distance ratio (NNDR) over all columns, as used for
 * synthetic data by Park et al. 2018 ("Data synthesis based on generative adversarial networks", PVLDB 11)
 * and Zhao et al. 2021 (CTAB-GAN), with the holdout's distances to the training rows as the yardstick: a
 * generator that does not copy puts synthetic rows no closer to the training rows than new real rows are.
 */
public final class DcrEvaluator {
  private DcrEvaluator() {}

  /** Computes the report over every column of {@code tables}. */
  public static DcrReport evaluate(EncodedTables tables) {
    MixedDistance distance = MixedDistance.overAll(tables);
    EncodedTable train = tables.real();
    if (train.rows() < 2) {
      throw new IllegalArgumentException(
          "distance to closest record needs at least 2 real rows. Provided: " + train.rows());
    }
    DistanceSummary syn = summary(distance.nearest(tables.synthetic(), train, 2, false));
    DistanceSummary hold =
        tables.hasHoldout() ? summary(distance.nearest(tables.holdout(), train, 2, false)) : null;
    Set<EncodedTable.RowKey> trainRows = new HashSet<>();
    for (int i = 0; i < train.rows(); i++) {
      trainRows.add(train.key(i));
    }
    return new DcrReport(
        syn,
        hold,
        countCopies(tables.synthetic(), trainRows),
        tables.hasHoldout() ? countCopies(tables.holdout(), trainRows) : -1);
  }

  private static int countCopies(EncodedTable table, Set<EncodedTable.RowKey> trainRows) {
    int copies = 0;
    for (int i = 0; i < table.rows(); i++) {
      if (trainRows.contains(table.key(i))) {
        copies++;
      }
    }
    return copies;
  }

  /** Summarises nearest-neighbour results with k ≥ 2. */
  static DistanceSummary summary(Neighbours neighbours) {
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
}
