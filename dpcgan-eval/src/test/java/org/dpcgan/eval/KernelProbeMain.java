package org.dpcgan.eval;

import org.dpcgan.eval.distance.MixedDistance;
import tech.tablesaw.api.Table;

/** Manual probe (not a test): nearest-neighbour kernel speed by column kind. */
public final class KernelProbeMain {
  public static void main(String[] args) {
    Table adult = TestData.adult();
    Table train = adult.inRange(0, TestData.ADULT_TRAIN_ROWS);
    Table test = adult.inRange(TestData.ADULT_TRAIN_ROWS, adult.rowCount());
    EncodedTables t = EncodedTables.encode(train, train, test, java.util.Map.of());
    EncodedTable q = t.holdout().select(java.util.stream.IntStream.range(0, 4000).toArray());
    for (int rep = 0; rep < 3; rep++) {
      for (ColumnKind kind : ColumnKind.values()) {
        MixedDistance d = MixedDistance.over(t, t.columnsOfKind(kind));
        long t0 = System.nanoTime();
        d.nearest(q, t.real(), 2, false);
        System.out.printf("%s: %.1f ns/pair%n", kind, (System.nanoTime() - t0) / (4000.0 * t.real().rows()));
      }
    }
  }
}
