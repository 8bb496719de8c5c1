package org.dpcgan.privacy.sampling;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Poisson sampling: every record is included independently with probability q, so the batch size is
 * Binomial(N, q) and varies from step to step. This is the sampling under which one DP-SGD step is the
 * Poisson-subsampled Gaussian of Mironov, Talwar and Zhang (2019); fixed-size shuffled batches are not
 * covered by that analysis.
 *
 * <p>Draws the gaps between selected indices from the geometric distribution (Devroye, "Non-Uniform Random
 * Variate Generation", 1986, §X.2), so a step costs O(qN) random numbers instead of N. The random generator
 * is passed in: it must be unpredictable to an adversary for the amplification to hold (e.g.
 * {@link java.security.SecureRandom}, or a generator seeded from one).
 *
 * @param samplingProbability q in (0, 1]
 */
public record PoissonSampler(double samplingProbability) {
  public PoissonSampler {
    if (!(samplingProbability > 0 && samplingProbability <= 1)) {
      throw new IllegalArgumentException(
          "samplingProbability must be in (0, 1]. Provided value: " + samplingProbability);
    }
  }

  /** The sampler with q = expectedBatchSize / populationSize. */
  public static PoissonSampler forExpectedBatchSize(double expectedBatchSize, long populationSize) {
    if (populationSize < 1) {
      throw new IllegalArgumentException("populationSize must be >= 1. Provided value: " + populationSize);
    }
    if (!(expectedBatchSize > 0 && expectedBatchSize <= populationSize)) {
      throw new IllegalArgumentException("expectedBatchSize must be in (0, populationSize=" + populationSize
          + "]. Provided value: " + expectedBatchSize);
    }
    return new PoissonSampler(expectedBatchSize / populationSize);
  }

  /** The expected batch size qN. */
  public double expectedBatchSize(long populationSize) {
    return samplingProbability * populationSize;
  }

  /** The sorted indices in [0, populationSize) of one Poisson sample (possibly empty). */
  public int[] sample(int populationSize, RandomGenerator random) {
    if (populationSize < 0) {
      throw new IllegalArgumentException("populationSize must be >= 0. Provided value: " + populationSize);
    }
    if (random == null) {
      throw new IllegalArgumentException("random must not be null");
    }
    if (samplingProbability == 1) {
      int[] all = new int[populationSize];
      Arrays.setAll(all, i -> i);
      return all;
    }
    double log1mQ = Math.log1p(-samplingProbability);
    int capacity = (int) Math.min(populationSize, 16 + 2 * samplingProbability * populationSize);
    int[] out = new int[Math.max(capacity, 1)];
    int n = 0;
    long next = -1;
    while (true) {
      // Gap − 1 ~ Geometric(q): floor(log U / log(1 − q)) with U uniform on (0, 1].
      double u = 1.0 - random.nextDouble();
      double skip = Math.floor(Math.log(u) / log1mQ);
      if (skip >= populationSize) {
        break;
      }
      next += (long) skip + 1;
      if (next >= populationSize) {
        break;
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = (int) next;
    }
    return Arrays.copyOf(out, n);
  }

  @Override
  public String toString() {
    return "PoissonSampler[q=" + samplingProbability + "]";
  }
}
