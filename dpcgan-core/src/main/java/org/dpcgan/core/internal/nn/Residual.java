package org.dpcgan.core.internal.nn;

import java.util.List;
import java.util.Objects;
import org.dpcgan.core.internal.exec.ColumnBlocks;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CTGAN's residual block (Xu et al. 2019, {@code ctgan.synthesizers.ctgan.Residual}): the output is the inner
 * layer's output concatenated with the input along the feature axis, {@code [inner(x), x]}, so the width grows
 * from {@code in} to {@code inner.out + in}.
 */
public final class Residual implements Layer {
  /** The inner layer's cache and the inner output width. */
  public record ResidualCache(Cache inner, long innerWidth) implements Cache {
    @Override
    public String toString() {
      return "ResidualCache[innerWidth=" + innerWidth + "]";
    }
  }

  private final String name;
  private final Layer inner;

  public Residual(Layer inner) {
    this("residual(" + Objects.requireNonNull(inner, "inner").name() + ")", inner);
  }

  public Residual(String name, Layer inner) {
    this.name = Shapes.name(name);
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public String name() {
    return name;
  }

  public Layer inner() {
    return inner;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Elementwise.requireMatrix(name, input);
    Forward f = inner.forward(input, mode, rng);
    INDArray y = Nd4j.hstack(f.output(), input);
    return new Forward(y, new ResidualCache(f.cache(), f.output().size(1)));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    ResidualCache c = Shapes.cache(name, cache, ResidualCache.class);
    Backward b = inner.backward(innerGrad(outputGrad, c), c.inner());
    INDArray inputGrad = b.inputGrad();
    if (inputGrad.rank() != 2 || inputGrad.size(0) != outputGrad.size(0)
        || inputGrad.size(1) != outputGrad.size(1) - c.innerWidth()) {
      throw new IllegalArgumentException(name + ": the inner layer's input gradient " + Shapes.describe(inputGrad)
          + " does not match the skip part of outputGrad " + Shapes.describe(outputGrad));
    }
    return new Backward(ColumnBlocks.addInto(inputGrad, outputGrad, c.innerWidth()), b.parameterGrads());
  }

  /** The inner layer's parameter gradients; the skip part of the gradient is not needed. */
  @Override
  public List<INDArray> parameterGradients(INDArray outputGrad, Cache cache) {
    ResidualCache c = Shapes.cache(name, cache, ResidualCache.class);
    return inner.parameterGradients(innerGrad(outputGrad, c), c.inner());
  }

  /** The inner layer's part of {@code outputGrad}, its first columns, as a dense copy ({@link ColumnBlocks}). */
  private INDArray innerGrad(INDArray outputGrad, ResidualCache c) {
    if (outputGrad == null || outputGrad.rank() != 2 || outputGrad.size(1) <= c.innerWidth()) {
      throw new IllegalArgumentException(name + ": outputGrad must have shape [B, > " + c.innerWidth()
          + "]. Provided: " + Shapes.describe(outputGrad));
    }
    return ColumnBlocks.copy(outputGrad, 0, c.innerWidth());
  }

  @Override
  public List<Parameter> parameters() {
    return inner.parameters();
  }

  @Override
  public long outputWidth(long inputWidth) {
    return inner.outputWidth(inputWidth) + inputWidth;
  }

  @Override
  public String toString() {
    return "Residual[" + name + ", inner=" + inner + "]";
  }
}
