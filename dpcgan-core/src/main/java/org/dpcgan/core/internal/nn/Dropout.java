package org.dpcgan.core.internal.nn;

import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout (Srivastava et al. 2014): in TRAINING each element is kept with probability {@code 1 − p}
 * and scaled by {@code 1/(1 − p)}; in INFERENCE the layer is the identity. The keep-mask is drawn from the
 * stream passed to {@code forward}, so a fixed stream gives a fixed mask.
 */
public final class Dropout implements PiecewiseLinear {
  /** The scaled mask {@code m/(1 − p)} used in the forward pass (all ones in INFERENCE). */
  public record DropoutCache(INDArray slopes) implements Cache {
    @Override
    public String toString() {
      return "DropoutCache[slopes=" + Shapes.describe(slopes) + "]";
    }
  }

  private final String name;
  private final double p;

  public Dropout(double p) {
    this("dropout", p);
  }

  public Dropout(String name, double p) {
    this.name = Shapes.name(name);
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException(name + ": p must be in [0, 1). Provided value: " + p);
    }
    this.p = p;
  }

  @Override
  public String name() {
    return name;
  }

  public double p() {
    return p;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Elementwise.requireMatrix(name, input);
    INDArray slopes;
    if (mode == Mode.TRAINING && p > 0) {
      if (rng == null) {
        throw new IllegalArgumentException(name + ": TRAINING mode needs a RandomStream for the dropout mask."
            + " Provided: null");
      }
      slopes = rng.bernoulli(input.dataType(), 1.0 - p, input.shape()).muli(1.0 / (1.0 - p));
    } else {
      slopes = org.nd4j.linalg.factory.Nd4j.ones(input.dataType(), input.shape());
    }
    return new Forward(input.mul(slopes), new DropoutCache(slopes));
  }

  @Override
  public INDArray slopes(Cache cache) {
    return Shapes.cache(name, cache, DropoutCache.class).slopes();
  }

  @Override
  public String toString() {
    return "Dropout[" + name + ", p=" + p + "]";
  }
}
