package org.dpcgan.core.internal.exec;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and ND4J arrays, one copy through the buffer where ND4J's own
 * {@code Nd4j.create(float[], ...)} and {@code data().asFloat()} copy element by element. New arrays are allocated in
 * the current workspace, if any.
 */
public final class HostArrays {
  /** An array's dtype and shape for a message, e.g. {@code FLOAT[500, 256]}. */
  public static String describe(INDArray a) {
    return a == null ? "null" : a.dataType() + Arrays.toString(a.shape());
  }

  private HostArrays() {}

  /** A new c-order FLOAT array of {@code shape} holding {@code values}. */
  public static INDArray of(float[] values, long... shape) {
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, requireLength(values.length, shape));
    out.data().asNioFloat().put(0, values);
    return out;
  }

  /** A new c-order DOUBLE array of {@code shape} holding {@code values}. */
  public static INDArray of(double[] values, long... shape) {
    INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, requireLength(values.length, shape));
    out.data().asNioDouble().put(0, values);
    return out;
  }

  /** A new c-order array of {@code dtype} (FLOAT or DOUBLE) and {@code shape} holding {@code values}. */
  public static INDArray of(double[] values, DataType dtype, long... shape) {
    if (dtype == DataType.DOUBLE) {
      return of(values, shape);
    }
    if (dtype != DataType.FLOAT) {
      throw new IllegalArgumentException("HostArrays copies FLOAT or DOUBLE arrays. Provided dtype: " + dtype);
    }
    float[] narrowed = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      narrowed[i] = (float) values[i];
    }
    return of(narrowed, shape);
  }

  /** The elements of {@code a} in c order, as floats (cast if {@code a} is not FLOAT). */
  public static float[] floats(INDArray a) {
    float[] out = new float[Math.toIntExact(a.length())];
    read(a, out);
    return out;
  }

  /** The elements of {@code a} in c order, as doubles. */
  public static double[] doubles(INDArray a) {
    if (a.dataType() == DataType.FLOAT) {
      float[] f = floats(a);
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    double[] out = new double[Math.toIntExact(a.length())];
    read(a, out);
    return out;
  }

  /** Copies the elements of {@code a} in c order into {@code out}, which must have {@code a.length()} slots. */
  public static void read(INDArray a, float[] out) {
    requireSameLength(a, out.length);
    dense(a, DataType.FLOAT).data().asNioFloat().get(0, out);
  }

  /** Copies the elements of {@code a} in c order into {@code out}, which must have {@code a.length()} slots. */
  public static void read(INDArray a, double[] out) {
    requireSameLength(a, out.length);
    dense(a, DataType.DOUBLE).data().asNioDouble().get(0, out);
  }

  /** Overwrites the elements of {@code target}, a dense FLOAT array (see {@link #isDense}), with {@code values}. */
  public static void write(float[] values, INDArray target) {
    requireWritable(target, DataType.FLOAT, values.length);
    target.data().asNioFloat().put(0, values);
  }

  /** Overwrites the elements of {@code target}, a dense DOUBLE array (see {@link #isDense}), with {@code values}. */
  public static void write(double[] values, INDArray target) {
    requireWritable(target, DataType.DOUBLE, values.length);
    target.data().asNioDouble().put(0, values);
  }

  /**
   * True when {@code a}'s elements are the first {@code a.length()} elements of its buffer, in c order, so the
   * buffer can be read or written in bulk.
   */
  public static boolean isDense(INDArray a) {
    return a.data().offset() == 0 && a.data().length() >= a.length() && a.ordering() == 'c'
        && Shape.hasDefaultStridesForShape(a);
  }

  private static INDArray dense(INDArray a, DataType dtype) {
    INDArray typed = a.dataType() == dtype ? a : a.castTo(dtype);
    return isDense(typed) ? typed : typed.dup('c');
  }

  private static void requireWritable(INDArray target, DataType dtype, int length) {
    if (target.dataType() != dtype || !isDense(target)) {
      throw new IllegalArgumentException("writing in bulk needs a dense c-order " + dtype + " array, not a view. "
          + "Provided: " + describe(target) + (isDense(target) ? "" : " (not dense)"));
    }
    requireSameLength(target, length);
  }

  private static void requireSameLength(INDArray a, int length) {
    if (a.length() != length) {
      throw new IllegalArgumentException(describe(a) + " has " + a.length() + " elements, the host array "
          + length);
    }
  }

  private static long[] requireLength(int length, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (shape.length == 0 || n != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length + " values");
    }
    return shape;
  }
}
