package org.dpcgan.core.internal.nn;

import java.util.Arrays;
import org.dpcgan.core.internal.exec.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape and argument checks shared by the layers; every message names the layer and both shapes. */
final class Shapes {
  private Shapes() {}

  static String describe(INDArray a) {
    return HostArrays.describe(a);
  }

  /** Checks that {@code input} is a {@code [B, width]} matrix of {@code dtype}. */
  static void requireMatrix(String layer, String what, INDArray input, long width, DataType dtype) {
    if (input == null) {
      throw new IllegalArgumentException(layer + ": " + what + " must not be null");
    }
    if (input.rank() != 2 || input.size(1) != width || input.size(0) < 1) {
      throw new IllegalArgumentException(layer + ": " + what + " must have shape [B, " + width
          + "]. Provided shape: " + Arrays.toString(input.shape()));
    }
    if (input.dataType() != dtype) {
      throw new IllegalArgumentException(layer + ": " + what + " must have dtype " + dtype
          + ". Provided dtype: " + input.dataType());
    }
  }

  /** Checks that {@code grad} has exactly the shape and dtype of {@code expected}. */
  static void requireSameShape(String layer, String what, INDArray grad, INDArray expected) {
    if (grad == null) {
      throw new IllegalArgumentException(layer + ": " + what + " must not be null");
    }
    if (!Arrays.equals(grad.shape(), expected.shape()) || grad.dataType() != expected.dataType()) {
      throw new IllegalArgumentException(layer + ": " + what + " must be " + describe(expected)
          + ". Provided: " + describe(grad));
    }
  }

  static void requireWidth(String layer, long expected, long provided) {
    if (provided != expected) {
      throw new IllegalArgumentException(
          layer + ": input width must be " + expected + ". Provided width: " + provided);
    }
  }

  static long positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be > 0. Provided value: " + value);
    }
    return value;
  }

  static DataType floating(String layer, DataType dtype) {
    if (dtype == null || !dtype.isFPType()) {
      throw new IllegalArgumentException(
          layer + ": dtype must be a floating-point type (FLOAT or DOUBLE). Provided value: " + dtype);
    }
    return dtype;
  }

  static String name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("layer name must be non-blank. Provided value: '" + name + "'");
    }
    return name;
  }

  static <C extends Cache> C cache(String layer, Cache cache, Class<C> type) {
    if (!type.isInstance(cache)) {
      throw new IllegalArgumentException(layer + ": backward needs the " + type.getSimpleName()
          + " from this layer's forward. Provided: " + (cache == null ? "null" : cache.getClass().getSimpleName()));
    }
    return type.cast(cache);
  }
}
