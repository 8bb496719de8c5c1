package org.dpcgan.core.nn;

import java.util.List;
import org.dpcgan.core.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    INDArray slopes = input.gt(0.0).castTo(input.dataType());
    return new Forward(input.mul(slopes), new ReLUCache(slopes));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    INDArray s = slopes(cache);
    Shapes.requireSameShape(name, "outputGrad", outputGrad, s);
    return new Backward(outputGrad.mul(s), List.of());
  }

  @Override
  public INDArray slopes(Cache cache) {
    return Shapes.cache(name, cache, ReLUCache.class).slopes();
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public long outputWidth(long inputWidth) {
    return Elementwise.width(name, inputWidth);
  }

  @Override
  public String toString() {
    return "ReLU[" + name + "]";
  }
}
