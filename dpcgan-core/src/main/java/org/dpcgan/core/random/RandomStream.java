package org.dpcgan.core.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One named random stream: a private ND4J generator for tensors and a {@link SplittableRandom} for scalars.
 *
 * <p>The ND4J generator is a new instance from {@code Nd4j.getRandomFactory().getNewRandomInstance(seed)} and is
 * passed explicitly to every random op ({@code OpExecutioner.exec(RandomOp, Random)}), so ND4J's global
 * generator is neither read nor advanced. Tensor draws and scalar draws advance independent generators; both
 * are seeded from this stream's seed. Not thread-safe: give each thread its own stream (see
 * {@link #child(String)}).
 */
public final class RandomStream {
  private final long seed;
  private final String name;
  private final Random tensors;
  private final SplittableRandom scalars;

  RandomStream(long seed, String name) {
    this.seed = seed;
    this.name = name;
    this.tensors = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    this.scalars = new SplittableRandom(RandomStreams.derive(seed, "scalars"));
  }

  /** A new stream derived from this stream's seed and {@code childName}; this stream is not advanced. */
  public RandomStream child(String childName) {
    return new RandomStream(RandomStreams.derive(seed, childName), name + "/" + childName);
  }

  /** Uniform samples in [0, 1). */
  public INDArray uniform(DataType dtype, long... shape) {
    INDArray out = allocate("uniform", dtype, shape);
    return draw(new UniformDistribution(out, 0.0, 1.0));
  }

  /** Normal samples with the given mean and standard deviation. */
  public INDArray normal(DataType dtype, double mean, double std, long... shape) {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite. Provided value: " + mean);
    }
    if (!Double.isFinite(std) || std < 0) {
      throw new IllegalArgumentException("std must be finite and >= 0. Provided value: " + std);
    }
    INDArray out = allocate("normal", dtype, shape);
    return draw(new GaussianDistribution(out, mean, std));
  }

  /** Samples equal to 1 with probability {@code p} and 0 otherwise. */
  public INDArray bernoulli(DataType dtype, double p, long... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1]. Provided value: " + p);
    }
    INDArray out = allocate("bernoulli", dtype, shape);
    return draw(new BernoulliDistribution(out, p));
  }

  /** A uniformly distributed long. */
  public long nextLong() {
    return scalars.nextLong();
  }

  /** A uniformly distributed int in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
    }
    return scalars.nextInt(bound);
  }

  /** A uniformly distributed double in [0, 1). */
  public double nextDouble() {
    return scalars.nextDouble();
  }

  private INDArray draw(RandomOp op) {
    return Nd4j.getExecutioner().exec(op, tensors);
  }

  private static INDArray allocate(String what, DataType dtype, long... shape) {
    if (dtype == null || !dtype.isFPType()) {
      throw new IllegalArgumentException(
          what + " needs a floating-point dtype (FLOAT, DOUBLE, HALF, BFLOAT16). Provided value: " + dtype);
    }
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(what + " needs a shape with at least one dimension. Provided: []");
    }
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            what + " needs every dimension > 0. Provided shape: " + Arrays.toString(shape));
      }
    }
    return Nd4j.createUninitialized(dtype, shape);
  }

  @Override
  public String toString() {
    return "RandomStream[" + name + "]";
  }
}
