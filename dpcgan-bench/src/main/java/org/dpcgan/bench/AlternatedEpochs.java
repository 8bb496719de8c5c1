package org.dpcgan.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.dpcgan.core.internal.gan.ConditionalSampler;

/**
 * Two of {@link SynthesizerBenchmark}'s epochs measured alternately, for the same reason as
 * {@link StepPairShare}: this machine's speed drifts too much between two JMH runs for a ratio of their
 * averages to mean much. Each round times both (in turn first) and takes the round's own ratio. By default it
 * compares {@code epochOneThread} with {@code epoch}, which gives half of each large matrix product to a second
 * thread ({@code SecondThread}); {@code dpEpoch epochPacOne} gives issue 6's ratio. Run it with
 *
 * <pre>OMP_NUM_THREADS=1 java -Xmx6g -Ddpcgan.data=data -cp dpcgan-bench/target/benchmarks.jar \
 *     org.dpcgan.bench.AlternatedEpochs [rounds [numerator denominator]]</pre>
 */
public final class AlternatedEpochs {
  private AlternatedEpochs() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String numerator = args.length > 2 ? args[1] : "epochOneThread";
    String denominator = args.length > 2 ? args[2] : "epoch";
    SynthesizerBenchmark bench = new SynthesizerBenchmark();
    bench.conditioning = ConditionalSampler.Mode.PAIR;
    bench.setUp();
    Map<String, Supplier<?>> epochs = Map.of("epoch", bench::epoch, "epochOneThread", bench::epochOneThread,
        "epochPacOne", bench::epochPacOne, "dpEpoch", bench::dpEpoch);
    Supplier<?> a = epoch(epochs, numerator);
    Supplier<?> b = epoch(epochs, denominator);
    a.get();
    b.get();
    double[] as = new double[rounds];
    double[] bs = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        as[r] = seconds(a);
        bs[r] = seconds(b);
      } else {
        bs[r] = seconds(b);
        as[r] = seconds(a);
      }
      ratios[r] = as[r] / bs[r];
      System.out.printf("round %2d: %s %.2f s, %s %.2f s: %.2fx%n", r + 1, numerator, as[r], denominator, bs[r],
          ratios[r]);
    }
    System.out.printf("over %d rounds: median %s %.2f s, %s %.2f s; median ratio %.2fx (range %.2f–%.2fx)%n",
        rounds, numerator, median(as), denominator, median(bs), median(ratios),
        Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow());
  }

  private static Supplier<?> epoch(Map<String, Supplier<?>> epochs, String name) {
    Supplier<?> epoch = epochs.get(name);
    if (epoch == null) {
      throw new IllegalArgumentException("unknown epoch benchmark " + name + "; known: " + epochs.keySet());
    }
    return epoch;
  }

  private static double seconds(Supplier<?> epoch) {
    long start = System.nanoTime();
    epoch.get();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
