package org.dpcgan.bench;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Agreement checks run in {@code @Setup}, before anything is timed. */
final class Checks {
  private Checks() {}

  /** Fails unless {@code max|actual − expected| ≤ tol · max(1, max|expected|)}. */
  static void close(String what, INDArray actual, INDArray expected, double tol) {
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    double error = actual.castTo(expected.dataType()).sub(expected).amaxNumber().doubleValue();
    if (!(error <= tol * scale)) {
      throw new IllegalStateException(what + ": max abs error " + error + " exceeds " + tol * scale);
    }
  }
}
