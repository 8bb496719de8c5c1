package org.dpcgan.eval.distance;

import java.util.HashSet;
import java.util.Set;
import org.dpcgan.eval.EncodedTable;
import org.dpcgan.eval.EncodedTables;

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
    DistanceSummary syn = DistanceSummary.of(distance.nearest(tables.synthetic(), train, 2, false));
    DistanceSummary hold =
        tables.hasHoldout() ? DistanceSummary.of(distance.nearest(tables.holdout(), train, 2, false)) : null;
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
}
