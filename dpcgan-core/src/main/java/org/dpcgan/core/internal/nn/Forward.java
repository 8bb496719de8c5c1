package org.dpcgan.core.internal.nn;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The output of a forward pass and the cache its backward pass needs. */
public record Forward(INDArray output, Cache cache) {
  public Forward {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String toString() {
    return "Forward[output=" + Shapes.describe(output) + ", cache=" + cache.getClass().getSimpleName() + "]";
  }
}
