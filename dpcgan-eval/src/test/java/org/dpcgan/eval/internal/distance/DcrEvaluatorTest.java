package org.dpcgan.eval.internal.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.dpcgan.eval.TinyTables;
import org.dpcgan.eval.distance.DcrReport;
import org.dpcgan.eval.distance.DistanceSummary;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DcrEvaluatorTest {
  private static final double NAN = Double.NaN;

  @Test
  void handCase_copiesDistancesAndRatio() {
    // Train x in [0, 10]: (0,A), (4,A), (10,B), (missing,B).
    // Synthetic (4,A): copy, d1 = 0; second nearest (0,A) at (0.4+0)/2 = 0.2; NNDR = 0/0.2 = 0.
    // Synthetic (missing,B): copy of the last row, d1 = 0; next (10,B): (1+0)/2 = 0.5; NNDR 0.
    // Synthetic (5,A): (4,A) at 0.1/2 = 0.05, then (0,A) at 0.25; NNDR 0.2.
    // Synthetic (9,C): (10,B) at (0.1+1)/2 = 0.55, (4,A) at (0.5+1)/2 = 0.75; NNDR 0.7333.
    Table train = TinyTables.xc(new double[] {0, 4, 10, NAN}, new String[] {"A", "A", "B", "B"});
    Table syn = TinyTables.xc(new double[] {4, NAN, 5, 9}, new String[] {"A", "B", "A", "C"});
    DcrReport r = DcrEvaluator.evaluate(EncodedTables.encode(train, syn, null, Map.of()));
    assertThat(r.exactCopies()).isEqualTo(2);
    assertThat(r.holdoutToTrain()).isNull();
    assertThat(r.holdoutExactCopies()).isEqualTo(-1);
    DistanceSummary s = r.syntheticToTrain();
    assertThat(s.rows()).isEqualTo(4);
    assertThat(s.min()).isEqualTo(0.0);
    assertThat(s.zeroShare()).isEqualTo(0.5);
    // sorted d1: 0, 0, 0.05, 0.55 → median (0 + 0.05)/2 = 0.025, mean 0.6/4 = 0.15.
    assertThat(s.median()).isCloseTo(0.025, within(1e-6));
    assertThat(s.mean()).isCloseTo(0.15, within(1e-6));
    // sorted ratios: 0, 0, 0.2, 0.7333 → median 0.1.
    assertThat(s.nndrMedian()).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void quantile_interpolatesLinearly() {
    // numpy.quantile([0, 1, 2, 10], 0.05) = 0 + 0.15·(1 − 0) = 0.15
    assertThat(DcrEvaluator.quantile(new double[] {0, 1, 2, 10}, 0.05)).isCloseTo(0.15, within(1e-12));
  }
}
