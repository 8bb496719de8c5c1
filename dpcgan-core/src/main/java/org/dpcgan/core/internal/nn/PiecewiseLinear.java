package org.dpcgan.core.internal.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise layer whose backward pass is {@code dx = dy ∘ s} with a slope tensor {@code s} that is
 * piecewise constant in the input (ReLU, LeakyReLU, Dropout). Such layers act on each example separately and
 * have a zero second derivative almost everywhere, which is what per-example gradients and the gradient
 * penalty's second-order path rely on.
 */
public interface PiecewiseLinear extends Layer {
  /** The slopes {@code s [B, width]} recorded by the forward pass that produced {@code cache}. */
  INDArray slopes(Cache cache);

  /** {@code dx = dy ∘ s} with the slopes of the forward pass that produced {@code cache}. */
  @Override
  default Backward backward(INDArray outputGrad, Cache cache) {
    INDArray s = slopes(cache);
    Shapes.requireSameShape(name(), "outputGrad", outputGrad, s);
    return new Backward(outputGrad.mul(s), List.of());
  }

  /** None: these layers have no parameters. */
  @Override
  default List<Parameter> parameters() {
    return List.of();
  }

  @Override
  default long outputWidth(long inputWidth) {
    return Elementwise.width(name(), inputWidth);
  }
}
