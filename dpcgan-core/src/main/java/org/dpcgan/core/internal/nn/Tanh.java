package org.dpcgan.core.internal.nn;

import java.util.List;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Hyperbolic tangent {@code y = tanh(x)}; backward {@code dx = dy ∘ (1 − y²)}. */
final class Tanh implements Layer {
  /** The forward output, from which the derivative is computed. */
  public record TanhCache(INDArray output) implements Cache {
    @Override
    public String toString() {
      return "TanhCache[output=" + Shapes.describe(output) + "]";
    }
  }

  private final String name;

  public Tanh() {
    this("tanh");
  }

  public Tanh(String name) {
    this.name = Shapes.name(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Elementwise.requireMatrix(name, input);
    INDArray y = Transforms.tanh(input, true);
    return new Forward(y, new TanhCache(y));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    INDArray y = Shapes.cache(name, cache, TanhCache.class).output();
    Shapes.requireSameShape(name, "outputGrad", outputGrad, y);
    // dx = dy − dy∘y²
    INDArray dx = y.mul(y).muli(outputGrad).rsubi(outputGrad);
    return new Backward(dx, List.of());
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
    return "Tanh[" + name + "]";
  }
}
