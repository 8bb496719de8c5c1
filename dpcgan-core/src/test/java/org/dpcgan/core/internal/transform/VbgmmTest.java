package org.dpcgan.core.internal.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VbgmmTest {

  // Known mixture: 0.5·N(-5, 1²) + 0.3·N(3, 0.5²) + 0.2·N(10, 2²), n = 30,000 draws (seed 1).
  private static final double[] W = {0.5, 0.3, 0.2};
  private static final double[] MU = {-5, 3, 10};
  private static final double[] SD = {1, 0.5, 2};
  private static final int N = 30_000;

  private static double[] sample(long seed) {
    var rng = new SplittableRandom(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      double u = rng.nextDouble();
      int k = u < W[0] ? 0 : u < W[0] + W[1] ? 1 : 2;
      x[i] = MU[k] + SD[k] * rng.nextGaussian();
    }
    return x;
  }

  /*
   * Variational inference with a truncated DP prior, like scikit-learn's with 100 iterations, may leave a
   * true component split into a few overlapping modes (their weights shrink only slowly), so recovery is
   * judged per true component: every fitted mode lies near a true mean, and the modes assigned to each
   * true component, moment-matched together, give its weight, mean and std.
   *
   * Tolerances: with n_k >= 6,000 points per component the standard errors are sd/sqrt(n_k) <= 0.026 for a
   * mean, about sd/sqrt(2 n_k) <= 0.018·sd for a std, and sqrt(w(1-w)/n) <= 0.0029 for a weight. We allow 6
   * standard errors (mean 0.16, std 12 %, weight 0.02) plus the small bias of the prior; a correct fit then
   * fails with probability below 1e-8 per quantity.
   */
  private static void assertRecovers(GaussianMixture g) {
    double[] w = new double[3];
    double[] m1 = new double[3];
    double[] m2 = new double[3];
    for (int j = 0; j < g.size(); j++) {
      double mu = g.means()[j];
      int k = 0;
      for (int t = 1; t < 3; t++) {
        if (Math.abs(mu - MU[t]) < Math.abs(mu - MU[k])) {
          k = t;
        }
      }
      assertThat(Math.abs(mu - MU[k])).as("mode %d at %f is near a true mean", j, mu).isLessThan(2 * SD[k]);
      double wj = g.weights()[j];
      w[k] += wj;
      m1[k] += wj * mu;
      m2[k] += wj * (g.stds()[j] * g.stds()[j] + mu * mu);
    }
    for (int k = 0; k < 3; k++) {
      assertThat(w[k]).as("weight %d", k).isCloseTo(W[k], within(0.02));
      double mean = m1[k] / w[k];
      double sd = Math.sqrt(m2[k] / w[k] - mean * mean);
      assertThat(mean).as("mean %d", k).isCloseTo(MU[k], within(0.16));
      assertThat(sd).as("std %d", k).isCloseTo(SD[k], within(0.12 * SD[k]));
    }
  }

  @Test
  void fit_withEnoughIterations_prunesToTheTrueComponents() {
    // run until convergence: the DP prior then removes the duplicates (4 modes here, two of them at -5)
    var options = new Vbgmm.Options(10, 1e-3, 1000, 1e-9, 1e-6, 0.005);
    GaussianMixture g = Vbgmm.fit(sample(1), options, new SplittableRandom(7));
    assertThat(g.size()).isLessThanOrEqualTo(4);
    assertRecovers(g);
  }

  @Test
  void fit_recoversAKnownThreeComponentMixture() {
    GaussianMixture g = Vbgmm.fit(sample(1), Vbgmm.Options.defaults(), new SplittableRandom(7));
    assertRecovers(g);
  }

  @Test
  void fitHistogram_recoversTheSameMixtureFromBinnedCounts() {
    double[] x = sample(2);
    double lo = -12;
    double width = 0.05;
    int bins = 600;
    double[] centers = new double[bins];
    double[] counts = new double[bins];
    for (int b = 0; b < bins; b++) {
      centers[b] = lo + (b + 0.5) * width;
    }
    for (double v : x) {
      int b = (int) Math.floor((v - lo) / width);
      counts[Math.max(0, Math.min(bins - 1, b))]++;
    }
    // noisy-histogram path: negative counts are treated as 0
    counts[0] = -3;
    GaussianMixture g = Vbgmm.fitHistogram(centers, counts, Vbgmm.Options.defaults(), new SplittableRandom(7));
    assertRecovers(g);
  }

  @Test
  void fit_isDeterministicForAFixedSeed() {
    double[] x = sample(3);
    var a = Vbgmm.fit(x, Vbgmm.Options.defaults(), new SplittableRandom(5));
    var b = Vbgmm.fit(x, Vbgmm.Options.defaults(), new SplittableRandom(5));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void fit_ofASingleGaussian_matchesItsMoments() {
    var rng = new SplittableRandom(11);
    double[] x = new double[5_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 100 + 10 * rng.nextGaussian();
    }
    GaussianMixture g = Vbgmm.fit(x, Vbgmm.Options.defaults(), new SplittableRandom(1));
    double m1 = 0;
    double m2 = 0;
    for (int j = 0; j < g.size(); j++) {
      m1 += g.weights()[j] * g.means()[j];
      m2 += g.weights()[j] * (g.stds()[j] * g.stds()[j] + g.means()[j] * g.means()[j]);
    }
    // n = 5,000: SE of the mean 0.14, of the std 0.1; 6 SE tolerances
    assertThat(m1).isCloseTo(100, within(0.85));
    assertThat(Math.sqrt(m2 - m1 * m1)).isCloseTo(10, within(0.6));
  }

  @Test
  void fit_ofAConstant_givesOneNarrowMode() {
    double[] x = new double[100];
    java.util.Arrays.fill(x, 4.0);
    GaussianMixture g = Vbgmm.fit(x, Vbgmm.Options.defaults(), new SplittableRandom(1));
    assertThat(g.size()).isEqualTo(1);
    assertThat(g.means()[0]).isCloseTo(4.0, within(1e-9));
    assertThat(g.stds()[0]).isGreaterThan(0).isLessThan(0.1);
  }

  @Test
  void fit_nonFiniteValue_isRejected() {
    assertThatThrownBy(() -> Vbgmm.fit(new double[] {1, Double.POSITIVE_INFINITY}, Vbgmm.Options.defaults(),
        new SplittableRandom(1))).hasMessageContaining("values must be finite. Provided value: Infinity");
  }

  @Test
  void fitHistogram_allWeightsNonPositive_isRejected() {
    assertThatThrownBy(() -> Vbgmm.fitHistogram(new double[] {1, 2}, new double[] {-1, 0}, Vbgmm.Options.defaults(),
        new SplittableRandom(1))).hasMessageContaining("total weight must be > 0");
  }

  @Test
  void fitHistogram_nanWeight_isRejected() {
    assertThatThrownBy(() -> Vbgmm.fitHistogram(new double[] {1, 2}, new double[] {Double.NaN, 1},
        Vbgmm.Options.defaults(), new SplittableRandom(1))).hasMessageContaining("Provided value: NaN");
  }

  @Test
  void options_zeroComponents_isRejected() {
    assertThatThrownBy(() -> new Vbgmm.Options(0, 1e-3, 100, 1e-6, 1e-6, 0.005))
        .hasMessageContaining("maxComponents must be in [1, 100]. Provided value: 0");
  }

  @Test
  void options_nanConcentration_isRejected() {
    assertThatThrownBy(() -> new Vbgmm.Options(10, Double.NaN, 100, 1e-6, 1e-6, 0.005))
        .hasMessageContaining("weightConcentrationPrior must be finite and > 0. Provided value: NaN");
  }

  @Test
  void options_thresholdOfOne_isRejected() {
    assertThatThrownBy(() -> new Vbgmm.Options(10, 1e-3, 100, 1e-6, 1e-6, 1.0))
        .hasMessageContaining("weightThreshold must be in [0, 1)");
  }
}
