package org.dpcgan.core.internal.exec;

import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Matrix products into fresh, uninitialised outputs (BLAS ignores an output's contents when β = 0; ND4J's
 * allocating {@code mmul} zero-fills it first). On the CPU backend, row-major FLOAT and DOUBLE operands go straight
 * to the OpenBLAS that ND4J links ({@code cblas_?gemm}, each operand's row stride as its leading dimension), which
 * skips the per-call overhead of ND4J's {@code matmul} op; row-major means dense c-order arrays, and row ranges and
 * column blocks of them ({@link #onOpenBlas}). Other views, dtypes and backends take ND4J's path. Given a
 * {@link SecondThread}, a large product is computed as two blocks at once. OverheadBenchmark measures each choice
 * (docs/benchmarks.md).
 */
public final class Matmul {
  private Matmul() {}

  /**
   * {@code op(a)·op(b)} where op transposes when asked: a new c-order [rows of op(a), columns of op(b)] array in
   * the current workspace, if any. Inner dimensions must agree.
   */
  public static INDArray product(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
    return multiply(a, b, transposeA, transposeB, null);
  }

  /** {@link #product(INDArray, INDArray, boolean, boolean)}, a large one in two halves at once on {@code helper}. */
  public static INDArray product(INDArray a, INDArray b, boolean transposeA, boolean transposeB,
      SecondThread helper) {
    return multiply(a, b, transposeA, transposeB, Objects.requireNonNull(helper, "helper"));
  }

  /** The product, split on {@code helper} when it is not null and available. */
  private static INDArray multiply(INDArray a, INDArray b, boolean transposeA, boolean transposeB,
      SecondThread helper) {
    int inner = innerDimension(a, b, transposeA, transposeB);
    INDArray out = Nd4j.createUninitialized(a.dataType(), transposeA ? a.size(1) : a.size(0),
        transposeB ? b.size(0) : b.size(1));
    if (onOpenBlas(out, a, b)) {
      openBlas(a, b, out, transposeA, transposeB, inner, 1.0, 0, helper);
    } else {
      Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    }
    return out;
  }

  /**
   * {@code out = a·b}, overwriting {@code out}, which must be {@code [rows of a, columns of b]} of the same dtype
   * and may be a column block of a wider matrix: the generator's sampling pass writes each residual block's output
   * next to its input this way instead of concatenating. Returns {@code out}.
   */
  public static INDArray productInto(INDArray out, INDArray a, INDArray b) {
    int inner = innerDimension(a, b, false, false);
    requireOutput(out, a.size(0), b.size(1), a.dataType());
    if (onOpenBlas(out, a, b)) {
      openBlas(a, b, out, false, false, inner, 1.0, 0, null);
      return out;
    }
    return out.assign(product(a, b, false, false));   // ND4J's gemm refuses a view as its output
  }

  /**
   * {@code x[:, outFrom, outFrom + columns of b) = x[:, inFrom, inTo)·b}: {@link #productInto} for two column blocks
   * of one matrix that do not overlap, without making them as views. Making a view costs ND4J more than the
   * arithmetic of a narrow product (its shape information is built natively); the generator's sampling pass makes
   * three such products for every chunk of rows. {@code b} is {@code [inTo − inFrom, n]} of {@code x}'s dtype.
   */
  public static void productOfColumns(INDArray x, int inFrom, int inTo, INDArray b, int outFrom) {
    if (x == null || b == null || x.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException("productOfColumns needs two matrices. Provided: " + HostArrays.describe(x)
          + " and " + HostArrays.describe(b));
    }
    long columns = x.size(1);
    long n = b.size(1);
    if (inFrom < 0 || inTo > columns || inFrom >= inTo || outFrom < 0 || outFrom + n > columns
        || (outFrom < inTo && inFrom < outFrom + n) || b.size(0) != inTo - inFrom || b.dataType() != x.dataType()) {
      throw new IllegalArgumentException("productOfColumns needs input columns [" + inFrom + ", " + inTo
          + ") and output columns [" + outFrom + ", " + (outFrom + n) + ") apart within the " + columns
          + " columns of " + HostArrays.describe(x) + ", and b of " + (inTo - inFrom) + " rows in x's dtype. Provided b: "
          + HostArrays.describe(b));
    }
    if (onOpenBlas(x, b)) {
      int ld = Math.toIntExact(leadingDimension(x));
      gemm(false, false, Math.toIntExact(x.size(0)), (int) n, inTo - inFrom, 1.0, x, start(x) + inFrom, ld, b,
          start(b), Math.toIntExact(leadingDimension(b)), 0, x, start(x) + outFrom, ld);
    } else {
      productInto(x.get(NDArrayIndex.all(), NDArrayIndex.interval(outFrom, outFrom + n)),
          x.get(NDArrayIndex.all(), NDArrayIndex.interval(inFrom, inTo)), b);
    }
  }

  /**
   * {@code out += op(a)·op(b)} in place, for accumulating products; {@code out} must be
   * {@code [rows of op(a), columns of op(b)]} of the same dtype. Returns {@code out}.
   */
  public static INDArray addProduct(INDArray out, INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
    return addProduct(out, a, b, transposeA, transposeB, 1.0);
  }

  /**
   * {@code out += scale·op(a)·op(b)} in place: {@link #addProduct(INDArray, INDArray, INDArray, boolean, boolean)}
   * with the scale applied inside the product (no pass over a scaled copy). Returns {@code out}.
   */
  public static INDArray addProduct(INDArray out, INDArray a, INDArray b, boolean transposeA, boolean transposeB,
      double scale) {
    return accumulate(out, a, b, transposeA, transposeB, scale, null);
  }

  /** {@link #addProduct(INDArray, INDArray, INDArray, boolean, boolean, double)}, a large one split on {@code helper}. */
  public static INDArray addProduct(INDArray out, INDArray a, INDArray b, boolean transposeA, boolean transposeB,
      double scale, SecondThread helper) {
    return accumulate(out, a, b, transposeA, transposeB, scale, Objects.requireNonNull(helper, "helper"));
  }

  private static INDArray accumulate(INDArray out, INDArray a, INDArray b, boolean transposeA, boolean transposeB,
      double scale, SecondThread helper) {
    int inner = innerDimension(a, b, transposeA, transposeB);
    requireOutput(out, transposeA ? a.size(1) : a.size(0), transposeB ? b.size(0) : b.size(1), a.dataType());
    if (onOpenBlas(out, a, b)) {
      openBlas(a, b, out, transposeA, transposeB, inner, scale, 1, helper);
      return out;
    }
    INDArray product = multiply(a, b, transposeA, transposeB, helper);
    return out.addi(scale == 1.0 ? product : product.muli(scale));   // ND4J's gemm refuses a view as its output
  }

  private static void requireOutput(INDArray out, long rows, long columns, DataType dtype) {
    if (out == null || out.rank() != 2 || out.size(0) != rows || out.size(1) != columns || out.dataType() != dtype) {
      throw new IllegalArgumentException("the [" + rows + ", " + columns + "] " + dtype
          + " product does not fit the output " + HostArrays.describe(out));
    }
  }

  private static int innerDimension(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
    long inner = transposeA ? a.size(0) : a.size(1);
    long innerB = transposeB ? b.size(1) : b.size(0);
    if (inner != innerB || a.dataType() != b.dataType()) {
      throw new IllegalArgumentException("cannot multiply " + HostArrays.describe(a) + (transposeA ? "ᵀ" : "") + " by "
          + HostArrays.describe(b) + (transposeB ? "ᵀ" : "") + ": inner dimensions and dtypes must agree");
    }
    return Math.toIntExact(inner);
  }

  /**
   * {@code scale · Σ_i x[i, :]}: the scaled column sums of a matrix {@code x [rows, columns]}, a new rank-1
   * [columns] array in the current workspace. On OpenBLAS this is one {@code xᵀ·1} gemv, which reads {@code x}
   * once in row order (ND4J's {@code sum(0)} reduces along the strided dimension).
   */
  public static INDArray columnSums(INDArray x, double scale) {
    requireMatrix(x);
    return transposedProduct(x, Nd4j.ones(x.dataType(), x.size(0)), scale);
  }

  /**
   * {@code Σ_i w_i·x[i, :]}: the column sums of {@code x [rows, columns]} weighted by {@code w [rows]}, a new
   * rank-1 [columns] array in the current workspace; one {@code xᵀ·w} gemv on OpenBLAS.
   */
  public static INDArray weightedColumnSums(INDArray x, INDArray w) {
    requireMatrix(x);
    if (w == null || w.length() != x.size(0) || w.dataType() != x.dataType()) {
      throw new IllegalArgumentException("weighted column sums need one " + x.dataType() + " weight per row of "
          + HostArrays.describe(x) + ". Provided: " + HostArrays.describe(w));
    }
    return transposedProduct(x, w.reshape(x.size(0)), 1);
  }

  private static void requireMatrix(INDArray x) {
    if (x == null || x.rank() != 2) {
      throw new IllegalArgumentException("column sums need a matrix. Provided: " + HostArrays.describe(x));
    }
  }

  /** {@code scale · xᵀ·w} for a matrix {@code x [rows, columns]} and a vector {@code w [rows]}. */
  private static INDArray transposedProduct(INDArray x, INDArray w, double scale) {
    INDArray column = w.reshape(x.size(0), 1);
    if (!onOpenBlas(x, column)) {
      return x.mulColumnVector(column).sum(0).muli(scale);
    }
    int rows = Math.toIntExact(x.size(0));
    int columns = Math.toIntExact(x.size(1));
    int lda = Math.toIntExact(leadingDimension(x));
    int incW = Math.toIntExact(leadingDimension(column));
    INDArray out = Nd4j.createUninitialized(x.dataType(), columns);
    if (x.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, rows, columns,
          (float) scale, floats(x).position(start(x)), lda, floats(column).position(start(column)), incW, 0f,
          floats(out), 1);
    } else {
      openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, rows, columns,
          scale, doubles(x).position(start(x)), lda, doubles(column).position(start(column)), incW, 0.0,
          doubles(out), 1);
    }
    return out;
  }

  /**
   * The row-wise dot products {@code Σ_j x[i, j]·y[i, j]} of two matrices of one shape, a new rank-1 [rows]
   * array: one OpenBLAS dot per row. ND4J's {@code x.mul(y).sum(1)} writes the product out first. Used for the
   * per-example gradient norms.
   */
  public static INDArray rowDots(INDArray x, INDArray y) {
    return dots(x, y, null);
  }

  /** {@link #rowDots(INDArray, INDArray)}, the rows in two halves on {@code helper} from 65,536 elements. */
  public static INDArray rowDots(INDArray x, INDArray y, SecondThread helper) {
    return dots(x, y, Objects.requireNonNull(helper, "helper"));
  }

  private static INDArray dots(INDArray x, INDArray y, SecondThread helper) {
    if (x == null || y == null || x.rank() != 2 || !java.util.Arrays.equals(x.shape(), y.shape())) {
      throw new IllegalArgumentException("row dot products need two matrices of one shape. Provided: "
          + HostArrays.describe(x) + " and " + HostArrays.describe(y));
    }
    if (!onOpenBlas(x, y)) {
      return x.mul(y).sum(1);
    }
    int rows = Math.toIntExact(x.size(0));
    int columns = Math.toIntExact(x.size(1));
    double[] dots = new double[rows];
    // Half the rows on the helper from about 65,536 elements: below, handing over costs more than it saves.
    if (helper == null) {
      rowDots(x, y, columns, 0, rows, dots);
    } else {
      helper.halves(rows, (1 << 16) / columns, (from, to) -> rowDots(x, y, columns, from, to, dots));
    }
    return HostArrays.of(dots, x.dataType(), rows);
  }

  private static void rowDots(INDArray x, INDArray y, int columns, int from, int to, double[] dots) {
    long ldx = leadingDimension(x);
    long ldy = leadingDimension(y);
    if (x.dataType() == DataType.FLOAT) {
      FloatPointer px = floats(x);
      FloatPointer py = floats(y);
      for (int r = from; r < to; r++) {
        dots[r] = openblas_nolapack.cblas_sdot(columns, px.position(start(x) + r * ldx), 1,
            py.position(start(y) + r * ldy), 1);
      }
    } else {
      DoublePointer px = doubles(x);
      DoublePointer py = doubles(y);
      for (int r = from; r < to; r++) {
        dots[r] = openblas_nolapack.cblas_ddot(columns, px.position(start(x) + r * ldx), 1,
            py.position(start(y) + r * ldy), 1);
      }
    }
  }

  /**
   * True when OpenBLAS can take these matrices directly, row-major: the CPU backend, one dtype (FLOAT or DOUBLE),
   * and each a rank-2 matrix whose rows lie at a fixed stride of at least its width, elements contiguous within a
   * row ({@link #leadingDimension}): dense c-order arrays, and row ranges and column blocks of them.
   */
  static boolean onOpenBlas(INDArray... matrices) {
    DataType dtype = matrices[0].dataType();
    if (!Nd4j.getEnvironment().isCPU() || (dtype != DataType.FLOAT && dtype != DataType.DOUBLE)) {
      return false;
    }
    for (INDArray m : matrices) {
      if (m.dataType() != dtype || m.rank() != 2 || m.isEmpty() || (m.stride(1) != 1 && m.size(1) != 1)
          || leadingDimension(m) < m.size(1) || start(m) < 0
          || start(m) + (m.size(0) - 1) * leadingDimension(m) + m.size(1) > m.data().length()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where a matrix's first element lies from its buffer's address pointer: a view's buffer (a column block's, for
   * one) already starts at the view's offset, so this is 0 for views and dense arrays alike.
   */
  static long start(INDArray m) {
    return m.offset() - m.data().offset();
  }

  /** The distance between the starts of consecutive rows of a row-major matrix (its row length when one row). */
  static long leadingDimension(INDArray m) {
    return m.size(0) == 1 ? m.size(1) : m.stride(0);
  }

  /**
   * The address of a FLOAT array's buffer, as a pointer of its own (its position may be moved): the first element
   * of a dense array or of a view, {@link #start} elements on.
   */
  static FloatPointer floats(INDArray a) {
    return new FloatPointer(a.data().addressPointer());
  }

  /** {@link #floats} for a DOUBLE array. */
  static DoublePointer doubles(INDArray a) {
    return new DoublePointer(a.data().addressPointer());
  }

  /**
   * {@code out = alpha·op(a)·op(b) + beta·out} by OpenBLAS, row-major: the leading dimensions are the stored row
   * lengths. With {@code split} available (null: none), a large product is computed as two blocks of {@code out} at
   * once.
   */
  private static void openBlas(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB,
      int inner, double alpha, int beta, SecondThread split) {
    int m = Math.toIntExact(out.size(0));
    int n = Math.toIntExact(out.size(1));
    if (split == null || 2.0 * m * n * inner < SecondThread.MIN_FLOP || Math.max(m, n) < 2 || !split.available()) {
      block(a, b, out, transposeA, transposeB, inner, alpha, beta, 0, m, 0, n);
    } else if (n >= m) {
      int h = half(n);
      split.run(() -> block(a, b, out, transposeA, transposeB, inner, alpha, beta, 0, m, 0, h),
          () -> block(a, b, out, transposeA, transposeB, inner, alpha, beta, 0, m, h, n));
    } else {
      int h = half(m);
      split.run(() -> block(a, b, out, transposeA, transposeB, inner, alpha, beta, 0, h, 0, n),
          () -> block(a, b, out, transposeA, transposeB, inner, alpha, beta, h, m, 0, n));
    }
  }

  /** Half of {@code size}, rounded down to a multiple of 8 (whole register tiles) where that leaves both parts. */
  private static int half(int size) {
    int h = size / 2;
    return h >= 8 ? h & ~7 : h;
  }

  /**
   * Rows {@code [m0, m1)} and columns {@code [n0, n1)} of {@code out = alpha·op(a)·op(b) + beta·out} (beta 0 or
   * 1): one OpenBLAS call.
   */
  private static void block(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB, int inner,
      double alpha, int beta, int m0, int m1, int n0, int n1) {
    int lda = Math.toIntExact(leadingDimension(a));
    int ldb = Math.toIntExact(leadingDimension(b));
    int n = Math.toIntExact(leadingDimension(out));
    // Row m0 of op(a) starts at column m0 of a stored transposed; column n0 of op(b) at row n0 of b so stored.
    gemm(transposeA, transposeB, m1 - m0, n1 - n0, inner, alpha, a,
        start(a) + (transposeA ? m0 : (long) m0 * lda), lda, b, start(b) + (transposeB ? (long) n0 * ldb : n0), ldb,
        beta, out, start(out) + (long) m0 * n + n0, n);
  }

  /**
   * One OpenBLAS call, row-major: {@code [m, n]} at {@code outStart} of {@code out}'s buffer (row stride
   * {@code ldOut}) = {@code alpha·op(A)·op(B) + beta·out}, A and B read at their starts with their row strides.
   */
  private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int inner, double alpha, INDArray a,
      long aStart, int lda, INDArray b, long bStart, int ldb, int beta, INDArray out, long outStart, int ldOut) {
    int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    if (a.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, inner, (float) alpha,
          floats(a).position(aStart), lda, floats(b).position(bStart), ldb, beta, floats(out).position(outStart),
          ldOut);
    } else {
      openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, inner, alpha,
          doubles(a).position(aStart), lda, doubles(b).position(bStart), ldb, beta, doubles(out).position(outStart),
          ldOut);
    }
  }
}
