package org.dpcgan.bench;

import java.util.Arrays;

/**
 * Issue 2's ratio, the critic + generator step pair's GFLOP/s as a share of the large-GEMM GFLOP/s, measured
 * interleaved: each round times one 2048³ GEMM ({@link GemmBenchmark}), then a few critic steps and a few
 * generator steps ({@link NetworkBenchmark}), and takes the round's own ratio. On a shared machine whose speed
 * drifts by 2× within minutes, JMH's benchmark-after-benchmark order makes the ratio of two separately measured
 * averages swing by ±10 points; a ratio per round of about a second does not see the drift. Run it with
 *
 * <pre>OMP_NUM_THREADS=1 java -cp dpcgan-bench/target/benchmarks.jar org.dpcgan.bench.StepPairShare [rounds]</pre>
 *
 * It prints the OpenBLAS core type asked for, every round and the median, quartiles and extremes of the ratios.
 * Set {@code OPENBLAS_CORETYPE} and {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0} as {@code ./dpcgan} does to
 * measure what the command line runs.
 */
public final class StepPairShare {
  /** The FLOP counts of {@link NetworkBenchmark}'s javadoc: critic step 586 MFLOP, generator step 987. */
  static final double PAIR_FLOP = 586e6 + 987e6;
  private static final int STEPS = 4;

  private StepPairShare() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    // The share depends on OpenBLAS's kernels (docs/benchmarks.md): say which were asked for.
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    System.out.println("OPENBLAS_CORETYPE: " + (coreType == null ? "unset, OpenBLAS detects the CPU"
        + " (OPENBLAS_VERBOSE=2 prints its choice)" : coreType));
    GemmBenchmark gemm = new GemmBenchmark();
    gemm.n = 2048;
    gemm.setUp();
    NetworkBenchmark.CriticState critic = new NetworkBenchmark.CriticState();
    critic.packs = 50;
    critic.width = 2540;
    critic.setUp();
    NetworkBenchmark.GeneratorState generator = new NetworkBenchmark.GeneratorState();
    generator.batch = 500;
    generator.setUp();
    NetworkBenchmark network = new NetworkBenchmark();
    for (int warm = 0; warm < 20; warm++) {
      network.criticStep(critic);
      network.generatorStep(generator);
    }
    double gemmFlop = 2.0 * Math.pow(gemm.n, 3);
    double[] shares = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      gemm.gemm();
      long t1 = System.nanoTime();
      for (int s = 0; s < STEPS; s++) {
        network.criticStep(critic);
      }
      long t2 = System.nanoTime();
      for (int s = 0; s < STEPS; s++) {
        network.generatorStep(generator);
      }
      long t3 = System.nanoTime();
      double gemmRate = gemmFlop / (t1 - t0);
      double pairSeconds = ((t2 - t1) + (t3 - t2)) / 1e9 / STEPS;
      double pairRate = PAIR_FLOP / pairSeconds / 1e9;
      shares[r] = pairRate / gemmRate;
      System.out.printf("round %2d: GEMM %5.1f GFLOP/s, critic %5.1f ms, generator %5.1f ms, pair %5.1f GFLOP/s"
          + " = %4.1f%%%n", r + 1, gemmRate, (t2 - t1) / 1e6 / STEPS, (t3 - t2) / 1e6 / STEPS, pairRate,
          100 * shares[r]);
    }
    Arrays.sort(shares);
    System.out.printf("share of GEMM over %d rounds: median %.1f%%, quartiles %.1f–%.1f%%, range %.1f–%.1f%%%n",
        rounds, 100 * quantile(shares, 0.5), 100 * quantile(shares, 0.25), 100 * quantile(shares, 0.75),
        100 * shares[0], 100 * shares[rounds - 1]);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
