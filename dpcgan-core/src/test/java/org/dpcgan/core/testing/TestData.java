package org.dpcgan.core.testing;

import org.dpcgan.core.internal.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Seeded test inputs. */
public final class TestData {
  private TestData() {}

  /** Standard-normal entries from a stream named {@code name} of seed {@code seed}. */
  public static INDArray normal(long seed, String name, DataType dtype, long... shape) {
    return RandomStreams.of(seed).stream(name).normal(dtype, 0.0, 1.0, shape);
  }

  /**
   * Entries with |x| in [0.2, 1.2] and random sign: far enough from 0 that a ±1e-6 perturbation never crosses
   * the kink of a (Leaky)ReLU.
   */
  public static INDArray awayFromZero(long seed, String name, DataType dtype, long... shape) {
    var stream = RandomStreams.of(seed).stream(name);
    INDArray magnitude = stream.uniform(dtype, shape).addi(0.2);
    INDArray sign = stream.bernoulli(dtype, 0.5, shape).muli(2).subi(1);
    return magnitude.muli(sign);
  }

  /** Smallest |x| over all entries. */
  public static double minAbs(INDArray x) {
    return Transforms.abs(x, true).minNumber().doubleValue();
  }
}
