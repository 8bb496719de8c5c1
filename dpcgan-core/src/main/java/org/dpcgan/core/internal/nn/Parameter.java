package org.dpcgan.core.internal.nn;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named trainable tensor. The array is owned by its layer and updated in place by the optimiser; the record
 * only names it.
 */
public record Parameter(String name, INDArray value) {
  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "Parameter[" + name + " " + Shapes.describe(value) + "]";
  }
}
