package org.dpcgan.eval.internal.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.IntStream;
import org.dpcgan.eval.TinyTables;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MixedDistanceTest {
  private static final double NAN = Double.NaN;

  @Test
  void distance_handCase() {
    // Real x range [0, 10]. Row (2, A) vs (7, B): numeric |2−7|/10 = 0.5, categorical 1; mean (0.5+1)/2 = 0.75.
    // Row (2, A) vs (missing, A): missing vs value 1, equal level 0; mean 0.5.
    // Row (missing, A) vs (missing, A): 0. Synthetic x = 30 is beyond the range: min(1, 28/10) = 1.
    Table real = TinyTables.xc(new double[] {0, 10, 2, NAN}, new String[] {"A", "B", "A", "A"});
    Table syn = TinyTables.xc(new double[] {7, NAN, 30}, new String[] {"B", "A", "A"});
    EncodedTables t = EncodedTables.encode(real, syn, null, Map.of());
    MixedDistance d = MixedDistance.overAll(t);
    assertThat(d.distance(t.real(), 2, t.synthetic(), 0)).isCloseTo(0.75, within(1e-7));
    assertThat(d.distance(t.real(), 2, t.synthetic(), 1)).isCloseTo(0.5, within(1e-7));
    assertThat(d.distance(t.real(), 3, t.synthetic(), 1)).isCloseTo(0.0, within(1e-7));
    assertThat(d.distance(t.real(), 2, t.synthetic(), 2)).isCloseTo(0.5, within(1e-7));
  }

  @Test
  void nearest_matchesBruteForceReference_mixedColumns() {
    checkAgainstReference(TinyTables.random(700, 3, 4, 3, 0.05, 1), TinyTables.random(300, 3, 4, 3, 0.05, 2), 3);
  }

  @Test
  void nearest_matchesBruteForceReference_numericOnly() {
    checkAgainstReference(TinyTables.random(2500, 4, 0, 1, 0.05, 3), TinyTables.random(90, 4, 0, 1, 0.05, 4), 2);
  }

  @Test
  void nearest_excludingSelf_neverReturnsTheQueryRow() {
    Table real = TinyTables.random(3000, 2, 2, 3, 0.0, 5);
    EncodedTables t = EncodedTables.encode(real, real, null, Map.of());
    Neighbours n = MixedDistance.overAll(t).nearest(t.real(), t.real(), 1, true);
    for (int q = 0; q < n.queries(); q++) {
      assertThat(n.indices()[q][0]).isNotEqualTo(q);
    }
    Neighbours withSelf = MixedDistance.overAll(t).nearest(t.real(), t.real(), 1, false);
    for (int q = 0; q < withSelf.queries(); q++) {
      assertThat(withSelf.distances()[q][0]).isEqualTo(0.0);
    }
  }

  @Test
  void badArguments_areRejected() {
    Table real = TinyTables.random(10, 1, 1, 2, 0.0, 6);
    EncodedTables t = EncodedTables.encode(real, real, null, Map.of());
    assertThatThrownBy(() -> MixedDistance.over(t, new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one column");
    assertThatThrownBy(() -> MixedDistance.over(t, new int[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided: [0, 0]");
    assertThatThrownBy(() -> MixedDistance.overAll(t).nearest(t.real(), t.real(), 11, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided: 11");
  }

  /** The blocked, pruned search must equal a plain double loop: same distances, ties to the lower index. */
  private static void checkAgainstReference(Table reference, Table queries, int k) {
    EncodedTables t = EncodedTables.encode(reference, queries, null, Map.of());
    MixedDistance d = MixedDistance.overAll(t);
    EncodedTable ref = t.real();
    EncodedTable q = t.synthetic();
    Neighbours fast = d.nearest(q, ref, k, false);
    for (int i = 0; i < q.rows(); i++) {
      final int row = i;
      double[] all = IntStream.range(0, ref.rows()).mapToDouble(r -> d.distance(q, row, ref, r)).toArray();
      double[] sorted = all.clone();
      java.util.Arrays.sort(sorted);
      for (int s = 0; s < k; s++) {
        assertThat(fast.distances()[i][s]).isCloseTo(sorted[s], within(1e-6));
        assertThat(all[fast.indices()[i][s]]).isCloseTo(fast.distances()[i][s], within(1e-6));
      }
      int firstBest = IntStream.range(0, ref.rows()).filter(r -> all[r] <= sorted[0] + 1e-9).findFirst().orElseThrow();
      if (all[firstBest] < sorted[0] + 1e-9 && IntStream.range(0, ref.rows()).filter(r -> Math.abs(all[r] - sorted[0]) < 1e-6).count() == 1) {
        assertThat(fast.indices()[i][0]).isEqualTo(firstBest);
      }
    }
  }
}
