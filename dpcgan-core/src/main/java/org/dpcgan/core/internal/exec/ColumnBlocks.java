package org.dpcgan.core.internal.exec;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Blocks of columns of a matrix, read without ND4J's strided views (whose element-wise ops walk a column view
 * element by element): splitting a residual layer's gradient, or the critic's input gradient into the rows' and the
 * conditions' parts. Each row is one OpenBLAS copy or axpy, read with its row stride; arrays OpenBLAS cannot take
 * directly ({@link Matmul#onOpenBlas}) take ND4J's path.
 */
public final class ColumnBlocks {
  private ColumnBlocks() {}

  /** Columns {@code [from, to)} of the matrix {@code x}, as a new dense c-order array in the current workspace. */
  public static INDArray copy(INDArray x, long from, long to) {
    requireBlock(x, from, to);
    if (!Matmul.onOpenBlas(x)) {
      return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }
    INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), to - from);
    rowWise(x, from, out, false);
    return out;
  }

  /** {@code target += x[:, from : from + w]} where {@code target} is {@code [rows of x, w]}; returns target. */
  public static INDArray addInto(INDArray target, INDArray x, long from) {
    long to = from + target.size(1);
    requireBlock(x, from, to);
    if (target.rank() != 2 || target.size(0) != x.size(0)) {
      throw new IllegalArgumentException("cannot add columns [" + from + ", " + to + ") of " + HostArrays.describe(x)
          + " to " + HostArrays.describe(target) + ": the row counts must agree");
    }
    if (!Matmul.onOpenBlas(target, x)) {
      return target.addi(x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)));
    }
    rowWise(x, from, target, true);
    return target;
  }

  /** Row by row, {@code out[r, :] = x[r, from : …]} or, with {@code add}, {@code out[r, :] += x[r, from : …]}. */
  private static void rowWise(INDArray x, long from, INDArray out, boolean add) {
    int rows = Math.toIntExact(x.size(0));
    int width = Math.toIntExact(out.size(1));
    long source0 = Matmul.start(x) + from;
    long sourceStride = Matmul.leadingDimension(x);
    long target0 = Matmul.start(out);
    long targetStride = Matmul.leadingDimension(out);
    if (x.dataType() == DataType.FLOAT) {
      FloatPointer source = Matmul.floats(x);
      FloatPointer target = Matmul.floats(out);
      for (int r = 0; r < rows; r++) {
        source.position(source0 + r * sourceStride);
        target.position(target0 + r * targetStride);
        if (add) {
          openblas_nolapack.cblas_saxpy(width, 1f, source, 1, target, 1);
        } else {
          openblas_nolapack.cblas_scopy(width, source, 1, target, 1);
        }
      }
    } else {
      DoublePointer source = Matmul.doubles(x);
      DoublePointer target = Matmul.doubles(out);
      for (int r = 0; r < rows; r++) {
        source.position(source0 + r * sourceStride);
        target.position(target0 + r * targetStride);
        if (add) {
          openblas_nolapack.cblas_daxpy(width, 1.0, source, 1, target, 1);
        } else {
          openblas_nolapack.cblas_dcopy(width, source, 1, target, 1);
        }
      }
    }
  }

  private static void requireBlock(INDArray x, long from, long to) {
    if (x == null || x.rank() != 2 || from < 0 || to <= from || to > x.size(1)) {
      throw new IllegalArgumentException("columns [" + from + ", " + to + ") must be a non-empty block of a matrix."
          + " Provided: " + HostArrays.describe(x));
    }
  }
}
