package org.dpcgan.core.internal.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks shared by the parameter-free element-wise layers. */
final class Elementwise {
  private Elementwise() {}

  static void requireMatrix(String layer, INDArray input) {
    if (input == null) {
      throw new IllegalArgumentException(layer + ": input must not be null");
    }
    if (input.rank() != 2 || input.size(0) < 1 || input.size(1) < 1) {
      throw new IllegalArgumentException(
          layer + ": input must have shape [B, width]. Provided shape: " + Arrays.toString(input.shape()));
    }
    if (!input.dataType().isFPType()) {
      throw new IllegalArgumentException(
          layer + ": input must have a floating-point dtype. Provided dtype: " + input.dataType());
    }
  }

  static long width(String layer, long inputWidth) {
    if (inputWidth <= 0) {
      throw new IllegalArgumentException(layer + ": input width must be > 0. Provided width: " + inputWidth);
    }
    return inputWidth;
  }
}
