package org.dpcgan.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The machine's large-GEMM throughput: the yardstick for the network benchmarks' GFLOP/s.
 *
 * <p>One {@code n×n · n×n} single-precision product costs {@code 2n³} floating-point operations; the
 * GFLOP/s figure is {@code 2n³ / time}. The product is ND4J's {@code gemm} into a preallocated output: BLAS
 * and nothing else. (Until the 2026-11-23 evening runs this timed {@code a.mmuli(b, c)}, which allocates a
 * temporary and copies it into {@code c}: about 25% slower at n = 2048, so the yardstick read low and every
 * share of it recorded before then reads about 1.25× too high; docs/benchmarks.md.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBenchmark {

  @Param({"2048"})
  public int n;

  private INDArray a;
  private INDArray b;
  private INDArray c;

  @Setup
  public void setUp() {
    var rng = Nd4j.getRandomFactory().getNewRandomInstance(1);
    a = Nd4j.getExecutioner().exec(new UniformDistribution(Nd4j.create(DataType.FLOAT, n, n), -0.5, 0.5), rng);
    b = Nd4j.getExecutioner().exec(new UniformDistribution(Nd4j.create(DataType.FLOAT, n, n), -0.5, 0.5), rng);
    c = Nd4j.create(DataType.FLOAT, n, n);
    // Agreement with a plain dot product for one entry before timing.
    gemm();
    double expected = 0;
    for (int k = 0; k < n; k++) {
      expected += a.getDouble(3, k) * b.getDouble(k, 5);
    }
    if (Math.abs(expected - c.getDouble(3, 5)) > 1e-3 * Math.max(1, Math.abs(expected))) {
      throw new IllegalStateException("GEMM disagrees with the plain dot product");
    }
  }

  @Benchmark
  public INDArray gemm() {
    return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
  }
}
