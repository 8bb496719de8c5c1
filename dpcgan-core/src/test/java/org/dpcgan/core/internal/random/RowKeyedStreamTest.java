package org.dpcgan.core.internal.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A row-keyed stream gives a row the same values whatever else is in its batch, and nothing positional. */
class RowKeyedStreamTest {
  private static final SecretKey KEY = RandomStreams.secretKey(new SplittableRandom(1));

  /** Row {@code row} of each of three draws (normal, uniform, bernoulli) of a batch with the given keys. */
  private static double[] rowDraws(long[] keys, int row) {
    RandomStream s = RandomStream.rowKeyed(KEY, 7, keys);
    INDArray normal = s.normal(DataType.FLOAT, 0, 1, keys.length, 5);
    INDArray uniform = s.uniform(DataType.DOUBLE, 2L * keys.length, 3);   // two blocks: real and fake rows
    INDArray mask = s.bernoulli(DataType.FLOAT, 0.5, keys.length, 64);
    double[] out = new double[5 + 6 + 64];
    for (int j = 0; j < 5; j++) {
      out[j] = normal.getDouble(row, j);
    }
    for (int j = 0; j < 3; j++) {
      out[5 + j] = uniform.getDouble(row, j);
      out[8 + j] = uniform.getDouble(keys.length + row, j);
    }
    for (int j = 0; j < 64; j++) {
      out[11 + j] = mask.getDouble(row, j);
    }
    return out;
  }

  @Test
  void aRowsValues_dependOnItsKeyAlone_notOnTheOtherRowsOrTheirNumber() {
    double[] alone = rowDraws(new long[] {42}, 0);
    assertThat(rowDraws(new long[] {3, 42}, 1)).isEqualTo(alone);
    assertThat(rowDraws(new long[] {42, 3, 9, 100}, 0)).isEqualTo(alone);
    assertThat(rowDraws(new long[] {9, 100, 42}, 2)).isEqualTo(alone);
    assertThat(rowDraws(new long[] {43}, 0)).isNotEqualTo(alone);
  }

  @Test
  void anotherStepOrKey_givesOtherValues() {
    double[] base = rowDraws(new long[] {42}, 0);
    RandomStream otherStep = RandomStream.rowKeyed(KEY, 8, 42);
    assertThat(otherStep.normal(DataType.FLOAT, 0, 1, 1, 5).getDouble(0, 0)).isNotEqualTo(base[0]);
    RandomStream otherKey = RandomStream.rowKeyed(RandomStreams.secretKey(new SplittableRandom(2)), 7, 42);
    assertThat(otherKey.normal(DataType.FLOAT, 0, 1, 1, 5).getDouble(0, 0)).isNotEqualTo(base[0]);
  }

  @Test
  void scalarDraws_children_andBatchesOfOtherSizes_areRefused() {
    RandomStream s = RandomStream.rowKeyed(KEY, 7, 1, 2, 3);
    assertThatThrownBy(s::nextDouble).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("nextDouble is not row-keyed");
    assertThatThrownBy(() -> s.child("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.uniform(DataType.FLOAT, 4, 2))
        .hasMessage("uniform from a row-keyed stream of 3 rows needs a multiple of 3 rows. Provided: 4 rows of 8"
            + " values");
  }
}
