package org.dpcgan.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between ND4J arrays and {@code double[][]}, and element-wise assertions. */
public final class Arrays2d {
  private Arrays2d() {}

  /** A [rows, cols] matrix as {@code double[rows][cols]}; a rank-1 [n] array as {@code double[1][n]}. */
  public static double[][] toArray(INDArray a) {
    INDArray m = a.rank() == 1 ? a.reshape(1, a.length()) : a;
    double[][] out = new double[(int) m.size(0)][(int) m.size(1)];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = m.getDouble(i, j);
      }
    }
    return out;
  }

  public static double[] toVector(INDArray a) {
    return a.reshape(a.length()).toDoubleVector();
  }

  public static INDArray matrix(double[][] values, DataType dtype) {
    return Nd4j.create(values).castTo(dtype);
  }

  public static INDArray vector(double[] values, DataType dtype) {
    return Nd4j.createFromArray(values).castTo(dtype);
  }

  /** Asserts that {@code actual} equals {@code expected} element-wise within {@code tolerance}. */
  public static void assertClose(String what, INDArray actual, double[][] expected, double tolerance) {
    double[][] a = toArray(actual);
    assertThat(a.length).as(what + " rows").isEqualTo(expected.length);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i].length).as(what + " cols").isEqualTo(expected[i].length);
      for (int j = 0; j < a[i].length; j++) {
        assertThat(a[i][j]).as("%s[%d][%d]", what, i, j).isCloseTo(expected[i][j], within(tolerance));
      }
    }
  }

  public static void assertClose(String what, INDArray actual, double[] expected, double tolerance) {
    assertClose(what, actual.reshape(1, actual.length()), new double[][] {expected}, tolerance);
  }

  /** Asserts that two arrays are equal element-wise within {@code tolerance}. */
  public static void assertClose(String what, INDArray actual, INDArray expected, double tolerance) {
    assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
    double[] a = toVector(actual.castTo(DataType.DOUBLE));
    double[] e = toVector(expected.castTo(DataType.DOUBLE));
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("%s[%d]", what, i).isCloseTo(e[i], within(tolerance));
    }
  }
}
