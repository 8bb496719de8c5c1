package org.dpcgan.privacy.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonSamplerTest {

  @Test
  void eachRow_isIncludedWithProbabilityQ_independentlyOfItsPosition() {
    // 4000 samples of 500 rows at q = 0.03: each row's count is Binomial(4000, 0.03), sd ≈ 10.8. A row
    // outside mean ± 5.5 sd has probability < 4e-8, so over 500 rows the false-failure rate is < 2e-5.
    PoissonSampler sampler = new PoissonSampler(0.03);
    SplittableRandom rng = new SplittableRandom(42);
    int[] counts = new int[500];
    long total = 0;
    int rounds = 4000;
    java.util.Set<Integer> sizes = new java.util.HashSet<>();
    for (int r = 0; r < rounds; r++) {
      int[] idx = sampler.sample(500, rng);
      sizes.add(idx.length);
      for (int k = 0; k < idx.length; k++) {
        if (k > 0) {
          assertThat(idx[k]).isGreaterThan(idx[k - 1]);
        }
        counts[idx[k]]++;
      }
      total += idx.length;
    }
    double mean = rounds * 0.03;
    double sd = Math.sqrt(rounds * 0.03 * 0.97);
    for (int c : counts) {
      assertThat((double) c).isBetween(mean - 5.5 * sd, mean + 5.5 * sd);
    }
    // Total ~ Binomial(2e6, 0.03): sd ≈ 241; 5.5 sd bound, false-failure rate < 4e-8.
    double totalSd = Math.sqrt(rounds * 500 * 0.03 * 0.97);
    assertThat((double) total).isBetween(rounds * 500 * 0.03 - 5.5 * totalSd, rounds * 500 * 0.03 + 5.5 * totalSd);
    assertThat(sizes.size()).as("the batch size varies").isGreaterThan(10);
  }

  @Test
  void batchSizeVariance_isBinomial() {
    // Batch sizes at N = 10000, q = 0.01: Binomial variance 99. With 3000 batches the sample variance has a
    // relative sd of about sqrt(2/3000) ≈ 0.026; a ±15% band is > 5 sd, false-failure rate < 1e-6.
    PoissonSampler sampler = new PoissonSampler(0.01);
    SplittableRandom rng = new SplittableRandom(7);
    double sum = 0;
    double sumSq = 0;
    int n = 3000;
    for (int r = 0; r < n; r++) {
      int b = sampler.sample(10_000, rng).length;
      sum += b;
      sumSq += (double) b * b;
    }
    double mean = sum / n;
    double var = (sumSq - n * mean * mean) / (n - 1);
    assertThat(var).isBetween(99 * 0.85, 99 * 1.15);
  }

  @Test
  void qOne_takesEveryRow_andEmptyPopulation_givesEmptyBatch() {
    assertThat(new PoissonSampler(1).sample(5, new SplittableRandom(1))).containsExactly(0, 1, 2, 3, 4);
    assertThat(new PoissonSampler(0.5).sample(0, new SplittableRandom(1))).isEmpty();
  }

  @Test
  void sameSeed_givesSameSample() {
    PoissonSampler s = new PoissonSampler(0.2);
    assertThat(s.sample(1000, new SplittableRandom(3))).containsExactly(s.sample(1000, new SplittableRandom(3)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.1, 1.01, Double.NaN})
  void samplingProbability_outsideZeroOne_isRejected(double q) {
    assertThatThrownBy(() -> new PoissonSampler(q))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingProbability must be in (0, 1]. Provided value: " + q);
  }

  @Test
  void forExpectedBatchSize_dividesByThePopulation() {
    assertThat(PoissonSampler.forExpectedBatchSize(500, 32561).samplingProbability()).isEqualTo(500.0 / 32561);
    assertThat(new PoissonSampler(0.25).expectedBatchSize(1000)).isEqualTo(250.0);
    assertThatThrownBy(() -> PoissonSampler.forExpectedBatchSize(10, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
