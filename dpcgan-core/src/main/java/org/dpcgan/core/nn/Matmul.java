package org.dpcgan.core.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products into fresh, uninitialised outputs. ND4J's allocating {@code mmul} and {@code gemm} first
 * zero-fill the output they allocate; skipping that makes the generator's [500, 488] · [488, 256] product about
 * 13% faster in a workspace (OverheadBenchmark, docs/benchmarks.md), and more outside one. BLAS ignores an
 * output's contents when β = 0.
 *
 * <p>On the CPU backend, dense c-order FLOAT and DOUBLE operands go straight to the OpenBLAS that ND4J itself
 * links ({@code cblas_?gemm}, row-major): ND4J's {@code matmul} op adds about 0.1–0.3 ms per call, 8–12% of the
 * networks' GEMM time (OverheadBenchmark.productNd4jGemmOp, docs/benchmarks.md). Views, other dtypes and other
 * backends take ND4J's path.
 */
public final class Matmul {
  private Matmul() {}

  /**
   * {@code op(a)·op(b)} where op transposes when asked: a new c-order [rows of op(a), columns of op(b)] array in
   * the current workspace, if any. Inner dimensions must agree.
   */
  public static INDArray product(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
    long rows = transposeA ? a.size(1) : a.size(0);
    long inner = transposeA ? a.size(0) : a.size(1);
    long innerB = transposeB ? b.size(1) : b.size(0);
    long columns = transposeB ? b.size(0) : b.size(1);
    if (inner != innerB || a.dataType() != b.dataType()) {
      throw new IllegalArgumentException("cannot multiply " + Shapes.describe(a) + (transposeA ? "ᵀ" : "") + " by "
          + Shapes.describe(b) + (transposeB ? "ᵀ" : "") + ": inner dimensions and dtypes must agree");
    }
    INDArray out = Nd4j.createUninitialized(a.dataType(), rows, columns);
    if (Nd4j.getEnvironment().isCPU() && HostArrays.isDense(a) && HostArrays.isDense(b)
        && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)) {
      openBlas(a, b, out, transposeA, transposeB, Math.toIntExact(inner));
      return out;
    }
    Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    return out;
  }

  /** {@code out = op(a)·op(b)} by OpenBLAS, row-major: the leading dimensions are the stored row lengths. */
  private static void openBlas(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB,
      int inner) {
    int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    int m = Math.toIntExact(out.size(0));
    int n = Math.toIntExact(out.size(1));
    int lda = Math.toIntExact(a.size(1));
    int ldb = Math.toIntExact(b.size(1));
    if (a.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, inner, 1f,
          (FloatPointer) a.data().addressPointer(), lda, (FloatPointer) b.data().addressPointer(), ldb, 0f,
          (FloatPointer) out.data().addressPointer(), n);
    } else {
      openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, inner, 1.0,
          (DoublePointer) a.data().addressPointer(), lda, (DoublePointer) b.data().addressPointer(), ldb, 0.0,
          (DoublePointer) out.data().addressPointer(), n);
    }
  }
}
