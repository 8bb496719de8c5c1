package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.internal.gan.ConditionalSampler.DiscreteColumn;
import org.junit.jupiter.api.Test;

class MarginalMatchingTest {
  /** Two discrete columns: A with 2 categories at data offset 0, B with 3 categories at data offset 3. */
  private static final List<DiscreteColumn> COLUMNS =
      List.of(new DiscreteColumn(0, "A", 0, 0, 2), new DiscreteColumn(1, "B", 2, 3, 3));
  private static final int WIDTH = 6; // A (2) | a scalar (1) | B (3)

  /**
   * {@code rows} one-hot rows: A = 1 in the first {@code aOnes} rows; B = 0, 0, 0, 1, 2 by row mod 5 (60/20/20),
   * independent of A.
   */
  private static float[] rows(int rows, int aOnes) {
    float[] x = new float[rows * WIDTH];
    for (int r = 0; r < rows; r++) {
      int a = r < aOnes ? 1 : 0;
      int b = Math.max(0, r % 5 - 2);
      x[r * WIDTH + a] = 1f;
      x[r * WIDTH + 2] = 0.5f;
      x[r * WIDTH + 3 + b] = 1f;
    }
    return x;
  }

  private static double[] frequencies(float[] x, int[] kept, int offset, int categories) {
    double[] f = new double[categories];
    for (int r : kept) {
      f[MarginalMatching.argmax(x, r * WIDTH + offset, categories)] += 1.0 / kept.length;
    }
    return f;
  }

  @Test
  void theKeptHalf_hasTheTargetFrequenciesOfEveryColumn() {
    // generated: A = 1 in 40 % of the rows, B 60/20/20; target: A 50/50, B 1/3 each.
    int rows = 4000;
    float[] x = rows(rows, 1600);
    MarginalMatching m = new MarginalMatching(COLUMNS, new double[][] {{500, 500}, {100, 100, 100}});
    int[] kept = m.select(x, rows, WIDTH, rows / 2, new SplittableRandom(5));

    assertThat(kept).hasSize(rows / 2).isSorted().doesNotHaveDuplicates();
    assertThat(frequencies(x, kept, 0, 2)[1]).isCloseTo(0.5, offset(0.03));
    double[] b = frequencies(x, kept, 3, 3);
    for (double f : b) {
      assertThat(f).isCloseTo(1.0 / 3, offset(0.03));
    }
    // unmatched, the generated rows are far from both targets
    assertThat(frequencies(x, java.util.stream.IntStream.range(0, rows).toArray(), 3, 3)[0]).isGreaterThan(0.59);
  }

  @Test
  void negativeNoisyCounts_countAsZero_andTheSameRandomStateKeepsTheSameRows() {
    float[] x = rows(600, 300);
    MarginalMatching m = new MarginalMatching(COLUMNS, new double[][] {{70, -5}, {10, 10, 10}});
    int[] a = m.select(x, 600, WIDTH, 300, new SplittableRandom(9));
    int[] b = m.select(x, 600, WIDTH, 300, new SplittableRandom(9));
    assertThat(a).isEqualTo(b);
    // A = 1 has a target of 0: it is kept only when nothing else is left (300 rows with A = 0 exist)
    assertThat(frequencies(x, a, 0, 2)[1]).isZero();
  }
}
