package org.dpcgan.core.internal.nn;

import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Leaky rectifier {@code y = x} for {@code x > 0} and {@code slope·x} otherwise (Maas et al. 2013). */
public final class LeakyReLU implements PiecewiseLinear {
  /** The slopes: 1 where the input was positive, {@code slope} elsewhere. */
  public record LeakyReLUCache(INDArray slopes) implements Cache {
    @Override
    public String toString() {
      return "LeakyReLUCache[slopes=" + Shapes.describe(slopes) + "]";
    }
  }

  private final String name;
  private final double slope;

  public LeakyReLU(double slope) {
    this("leaky_relu", slope);
  }

  public LeakyReLU(String name, double slope) {
    this.name = Shapes.name(name);
    if (!Double.isFinite(slope)) {
      throw new IllegalArgumentException(name + ": slope must be finite. Provided value: " + slope);
    }
    this.slope = slope;
  }

  @Override
  public String name() {
    return name;
  }

  public double slope() {
    return slope;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Elementwise.requireMatrix(name, input);
    // s = 1 where x > 0, slope elsewhere: s = gt·(1 − slope) + slope.
    INDArray slopes = Transforms.step(input).muli(1.0 - slope).addi(slope);
    return new Forward(input.mul(slopes), new LeakyReLUCache(slopes));
  }

  @Override
  public INDArray slopes(Cache cache) {
    return Shapes.cache(name, cache, LeakyReLUCache.class).slopes();
  }

  @Override
  public String toString() {
    return "LeakyReLU[" + name + ", slope=" + slope + "]";
  }
}
