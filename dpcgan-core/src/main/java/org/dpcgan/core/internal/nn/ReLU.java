package org.dpcgan.core.internal.nn;

import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Rectified linear unit {@code y = max(x, 0)}; the derivative at 0 is taken as 0 (as in PyTorch). */
public final class ReLU implements PiecewiseLinear {
  /** The slopes: 1 where the input was positive, 0 elsewhere. */
  public record ReLUCache(INDArray slopes) implements Cache {
    @Override
    public String toString() {
      return "ReLUCache[slopes=" + Shapes.describe(slopes) + "]";
    }
  }

  private final String name;

  public ReLU() {
    this("relu");
  }

  public ReLU(String name) {
    this.name = Shapes.name(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Elementwise.requireMatrix(name, input);
    INDArray slopes = Transforms.step(input);   // 1 where x > 0, else 0
    return new Forward(input.mul(slopes), new ReLUCache(slopes));
  }

  @Override
  public INDArray slopes(Cache cache) {
    return Shapes.cache(name, cache, ReLUCache.class).slopes();
  }

  @Override
  public String toString() {
    return "ReLU[" + name + "]";
  }
}
