package org.dpcgan.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import tech.tablesaw.api.Table;

/**
 * Slices of Adult for the end-to-end tests: 4,000 training rows (UCI train split), a 4,000-row holdout and
 * 4,000 "fresh" rows (disjoint parts of the UCI test split). Fresh rows play an ideal generator's output: real
 * rows from the same population that the generator never saw.
 */
final class AdultFixture {
  static final int N = 4000;

  private AdultFixture() {}

  static Table train() {
    return TestData.adult().inRange(0, N);
  }

  static Table holdout() {
    return TestData.adult().inRange(TestData.ADULT_TRAIN_ROWS, TestData.ADULT_TRAIN_ROWS + N);
  }

  static Table fresh() {
    return TestData.adult().inRange(TestData.ADULT_TRAIN_ROWS + N, TestData.ADULT_TRAIN_ROWS + 2 * N);
  }

  /**
   * {@code N − copies} fresh rows that equal no training row (checked with plain string keys, independently of
   * the code under test), followed by {@code copies} distinct training rows.
   */
  static Table withPlantedCopies(int copies, long seed) {
    Table train = train();
    Set<String> trainKeys = new HashSet<>();
    for (int i = 0; i < train.rowCount(); i++) {
      trainKeys.add(key(train, i));
    }
    Table candidates = TestData.adult().inRange(TestData.ADULT_TRAIN_ROWS + N, TestData.adult().rowCount());
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < candidates.rowCount() && keep.size() < N - copies; i++) {
      if (!trainKeys.contains(key(candidates, i))) {
        keep.add(i);
      }
    }
    Table out = candidates.rows(keep.stream().mapToInt(Integer::intValue).toArray());
    SplittableRandom rng = new SplittableRandom(seed);
    Set<Integer> chosen = new HashSet<>();
    while (chosen.size() < copies) {
      chosen.add(rng.nextInt(train.rowCount()));
    }
    out.append(train.rows(chosen.stream().mapToInt(Integer::intValue).sorted().toArray()));
    return out;
  }

  private static String key(Table t, int row) {
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < t.columnCount(); j++) {
      s.append(t.column(j).getString(row)).append('\u0001');
    }
    return s.toString();
  }
}
