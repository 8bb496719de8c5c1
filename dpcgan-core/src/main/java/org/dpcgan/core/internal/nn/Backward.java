package org.dpcgan.core.internal.nn;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a backward pass: with respect to the layer input, and with respect to each parameter, in the
 * order of {@link Layer#parameters()}.
 */
public record Backward(INDArray inputGrad, List<INDArray> parameterGrads) {
  public Backward {
    Objects.requireNonNull(inputGrad, "inputGrad");
    parameterGrads = List.copyOf(parameterGrads);
  }

  @Override
  public String toString() {
    return "Backward[inputGrad=" + Shapes.describe(inputGrad) + ", parameterGrads=" + parameterGrads.size() + "]";
  }
}
