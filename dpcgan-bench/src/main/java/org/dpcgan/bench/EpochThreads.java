package org.dpcgan.bench;

import java.util.Arrays;
import org.dpcgan.core.data.ConditionalSampler;

/**
 * What the second thread for matrix products ({@code SplitProducts}) gains on a training epoch, measured
 * alternately: each round times {@link SynthesizerBenchmark#epoch} (with the helper) and
 * {@link SynthesizerBenchmark#epochOneThread} (without), in turn first, and takes the round's own ratio, for the
 * same reason as {@link StepPairShare}: this machine's speed drifts too much between two JMH runs. Run it with
 *
 * <pre>OMP_NUM_THREADS=1 java -Xmx6g -Ddpcgan.data=data -cp dpcgan-bench/target/benchmarks.jar \
 *     org.dpcgan.bench.EpochThreads [rounds]</pre>
 */
public final class EpochThreads {
  private EpochThreads() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    SynthesizerBenchmark bench = new SynthesizerBenchmark();
    bench.conditioning = ConditionalSampler.Mode.PAIR;
    bench.setUp();
    bench.epoch();
    bench.epochOneThread();
    double[] two = new double[rounds];
    double[] one = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        two[r] = seconds(bench::epoch);
        one[r] = seconds(bench::epochOneThread);
      } else {
        one[r] = seconds(bench::epochOneThread);
        two[r] = seconds(bench::epoch);
      }
      ratios[r] = one[r] / two[r];
      System.out.printf("round %2d: epoch %.2f s with the helper, %.2f s without: %.2fx%n", r + 1, two[r], one[r],
          ratios[r]);
    }
    System.out.printf("over %d rounds: median epoch %.2f s with the helper, %.2f s without; median speed-up %.2fx"
        + " (range %.2f–%.2fx)%n", rounds, median(two), median(one), median(ratios), min(ratios), max(ratios));
  }

  private static double seconds(Runnable epoch) {
    long start = System.nanoTime();
    epoch.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
