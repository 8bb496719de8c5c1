package org.dpcgan.core.internal.transform;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;

/**
 * Variational Bayesian Gaussian mixture in one dimension with a Dirichlet-process (stick-breaking) prior on
 * the weights: the mode finder of CTGAN's mode-specific normalisation.
 *
 * <p>Mean-field variational inference as in Bishop, <i>Pattern Recognition and Machine Learning</i> (2006),
 * §10.2 (Gaussian–Wishart factors, here univariate: Gaussian–Gamma), with the truncated stick-breaking
 * weight posterior of Blei &amp; Jordan, "Variational inference for Dirichlet process mixtures", Bayesian
 * Analysis 1(1), 2006. The priors and updates follow scikit-learn's {@code BayesianGaussianMixture}
 * ({@code weight_concentration_prior_type='dirichlet_process'}, {@code weight_concentration_prior=0.001},
 * mean prior = data mean, mean precision prior 1, degrees of freedom prior 1, scale prior = data variance,
 * {@code reg_covar=1e-6}, k-means initialisation), which CTGAN (Xu et al., "Modeling tabular data using
 * conditional GAN", NeurIPS 2019) uses with 10 components, keeping those with weight &gt; 0.005.
 *
 * <p>Differences from scikit-learn, all deliberate: points carry weights, so the fit runs on a weighted
 * histogram (the DP path fits a noisy histogram; negative noisy counts are clamped to 0) and raw values are
 * first compressed to their distinct values with counts, which gives the same updates at a fraction of the
 * cost; convergence is tested on the change of the weighted mean log normaliser (not the total lower
 * bound); k-means++ seeding uses the caller's random generator. The result is not bit-identical to
 * scikit-learn's, but recovers the same components.
 */
public final class Vbgmm {

  private static final double EPS = 10 * Math.ulp(1.0);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double NEGLIGIBLE_LOG = -40;

  private Vbgmm() {}

  /**
   * Fitting options.
   *
   * @param maxComponents truncation level of the stick-breaking prior (CTGAN: 10)
   * @param weightConcentrationPrior γ₀ of the Beta(1, γ₀) sticks (CTGAN: 0.001)
   * @param maxIterations variational iterations at most (scikit-learn default: 100)
   * @param tolerance stop when the weighted mean log normaliser changes by less than this
   * @param regCovar added to every component variance (scikit-learn default 1e-6)
   * @param weightThreshold components with a weight at or below this are dropped (CTGAN: 0.005)
   */
  public record Options(
      int maxComponents,
      double weightConcentrationPrior,
      int maxIterations,
      double tolerance,
      double regCovar,
      double weightThreshold) {

    public Options {
      if (maxComponents < 1 || maxComponents > 100) {
        throw new IllegalArgumentException("maxComponents must be in [1, 100]. Provided value: " + maxComponents);
      }
      positive("weightConcentrationPrior", weightConcentrationPrior);
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1. Provided value: " + maxIterations);
      }
      positive("tolerance", tolerance);
      positive("regCovar", regCovar);
      if (!(weightThreshold >= 0 && weightThreshold < 1)) {
        throw new IllegalArgumentException("weightThreshold must be in [0, 1). Provided value: " + weightThreshold);
      }
    }

    /** CTGAN's settings: 10 components, γ₀ = 0.001, 100 iterations, keep weights &gt; 0.005. */
    public static Options defaults() {
      return new Options(10, 1e-3, 100, 1e-6, 1e-6, 0.005);
    }

    private static void positive(String name, double v) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException(name + " must be finite and > 0. Provided value: " + v);
      }
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "Vbgmm.Options[K=%d, γ0=%g, maxIter=%d, tol=%g, keep>%g]",
          maxComponents, weightConcentrationPrior, maxIterations, tolerance, weightThreshold);
    }
  }

  /** Fits raw values (every value finite); they are compressed to distinct values with counts first. */
  public static GaussianMixture fit(double[] values, Options options, RandomGenerator rng) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot fit a mixture to 0 values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (!Double.isFinite(sorted[i])) {
        throw new IllegalArgumentException("values must be finite. Provided value: " + sorted[i]);
      }
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    double[] points = new double[distinct];
    double[] counts = new double[distinct];
    int j = -1;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        points[++j] = sorted[i];
      }
      counts[j] += 1;
    }
    return fitWeighted(points, counts, options, rng);
  }

  /**
   * Fits a weighted histogram: {@code weights[i]} observations at {@code binCenters[i]}. Negative weights
   * (noisy counts) are treated as 0; at least one weight must be positive.
   */
  public static GaussianMixture fitHistogram(
      double[] binCenters, double[] weights, Options options, RandomGenerator rng) {
    if (binCenters.length != weights.length) {
      throw new IllegalArgumentException(
          "binCenters and weights must have the same length. Provided lengths: " + binCenters.length + ", "
              + weights.length);
    }
    double[] w = new double[weights.length];
    for (int i = 0; i < w.length; i++) {
      if (Double.isNaN(weights[i]) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("histogram weights must be finite. Provided value: " + weights[i]);
      }
      w[i] = Math.max(0, weights[i]);
    }
    return fitWeighted(binCenters, w, options, rng);
  }

  private static GaussianMixture fitWeighted(double[] x, double[] w, Options options, RandomGenerator rng) {
    int n = x.length;
    double total = 0;
    int positive = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("points must be finite. Provided value: " + x[i]);
      }
      total += w[i];
      if (w[i] > 0) {
        positive++;
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("cannot fit a mixture: the total weight must be > 0. Provided: " + total);
    }
    double m0 = 0;
    for (int i = 0; i < n; i++) {
      m0 += w[i] * x[i];
    }
    m0 /= total;
    double var0 = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - m0;
      var0 += w[i] * d * d;
    }
    var0 /= total > 1 ? total - 1 : total;
    int k = Math.min(options.maxComponents(), positive);
    double[] resp = kmeansResponsibilities(x, w, k, rng);

    var s = new State(k);
    double previous = Double.NEGATIVE_INFINITY;
    s.mStep(x, w, resp, m0, var0, options);
    for (int iter = 0; iter < options.maxIterations(); iter++) {
      double objective = s.eStep(x, w, resp, total);
      s.mStep(x, w, resp, m0, var0, options);
      if (Math.abs(objective - previous) < options.tolerance()) {
        break;
      }
      previous = objective;
    }
    return s.mixture(options.weightThreshold());
  }

  /** Variational parameters of the K factors. */
  private static final class State {
    final int k;
    final double[] nk;
    final double[] a;
    final double[] b;
    final double[] beta;
    final double[] mean;
    final double[] dof;
    final double[] cov; // scale of the Gamma factor divided by dof: E[precision] = 1 / cov
    final double[] logPrefix; // per-component constant of the E-step

    State(int k) {
      this.k = k;
      nk = new double[k];
      a = new double[k];
      b = new double[k];
      beta = new double[k];
      mean = new double[k];
      dof = new double[k];
      cov = new double[k];
      logPrefix = new double[k];
    }

    void mStep(double[] x, double[] w, double[] resp, double m0, double var0, Options o) {
      int n = x.length;
      double[] sx = new double[k];
      Arrays.fill(nk, 0);
      for (int i = 0; i < n; i++) {
        int base = i * k;
        for (int c = 0; c < k; c++) {
          double r = w[i] * resp[base + c];
          nk[c] += r;
          sx[c] += r * x[i];
        }
      }
      double[] xk = new double[k];
      for (int c = 0; c < k; c++) {
        nk[c] += EPS;
        xk[c] = sx[c] / nk[c];
      }
      double[] sk = new double[k];
      for (int i = 0; i < n; i++) {
        int base = i * k;
        for (int c = 0; c < k; c++) {
          double d = x[i] - xk[c];
          sk[c] += w[i] * resp[base + c] * d * d;
        }
      }
      double tail = 0;
      for (int c = k - 1; c >= 0; c--) {
        a[c] = 1 + nk[c];
        b[c] = o.weightConcentrationPrior() + tail;
        tail += nk[c];
      }
      for (int c = 0; c < k; c++) {
        double s = sk[c] / nk[c] + o.regCovar();
        beta[c] = 1 + nk[c];
        mean[c] = (m0 + nk[c] * xk[c]) / beta[c];
        dof[c] = 1 + nk[c];
        double d = xk[c] - m0;
        cov[c] = (var0 + nk[c] * s + nk[c] / beta[c] * d * d) / dof[c];
      }
      // E[log pi_c] under the stick-breaking posterior, plus the Gaussian-Gamma normalising terms.
      double cumulative = 0;
      for (int c = 0; c < k; c++) {
        double digammaSum = Gamma.digamma(a[c] + b[c]);
        double eLogPi = Gamma.digamma(a[c]) - digammaSum + cumulative;
        cumulative += Gamma.digamma(b[c]) - digammaSum;
        double logLambda = Math.log(2) + Gamma.digamma(0.5 * dof[c]);
        logPrefix[c] = eLogPi - 0.5 * LOG_2PI - 0.5 * Math.log(cov[c]) - 0.5 * Math.log(dof[c])
            + 0.5 * (logLambda - 1 / beta[c]);
      }
    }

    /** Updates the responsibilities; returns the weighted mean log normaliser. */
    double eStep(double[] x, double[] w, double[] resp, double total) {
      int n = x.length;
      double[] precision = new double[k];
      for (int c = 0; c < k; c++) {
        precision[c] = 1 / cov[c];
      }
      double objective = 0;
      for (int i = 0; i < n; i++) {
        int base = i * k;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double d = x[i] - mean[c];
          double v = logPrefix[c] - 0.5 * d * d * precision[c];
          resp[base + c] = v;
          if (v > max) {
            max = v;
          }
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          double diff = resp[base + c] - max;
          double e = diff > NEGLIGIBLE_LOG ? Math.exp(diff) : 0.0; // exp(-40) < 5e-18: no effect on the sums
          resp[base + c] = e;
          sum += e;
        }
        double inv = 1 / sum;
        for (int c = 0; c < k; c++) {
          resp[base + c] *= inv;
        }
        objective += w[i] * (max + Math.log(sum));
      }
      return objective / total;
    }

    GaussianMixture mixture(double threshold) {
      double[] weights = new double[k];
      double stick = 1;
      double sum = 0;
      for (int c = 0; c < k; c++) {
        weights[c] = a[c] / (a[c] + b[c]) * stick;
        stick *= b[c] / (a[c] + b[c]);
        sum += weights[c];
      }
      Integer[] order = new Integer[k];
      int kept = 0;
      double best = -1;
      int bestIndex = 0;
      for (int c = 0; c < k; c++) {
        weights[c] /= sum;
        if (weights[c] > threshold) {
          order[kept++] = c;
        }
        if (weights[c] > best) {
          best = weights[c];
          bestIndex = c;
        }
      }
      if (kept == 0) {
        order[kept++] = bestIndex;
      }
      Integer[] keptOrder = Arrays.copyOf(order, kept);
      Arrays.sort(keptOrder, (p, q) -> Double.compare(mean[p], mean[q]));
      double[] kw = new double[kept];
      double[] km = new double[kept];
      double[] ks = new double[kept];
      for (int j = 0; j < kept; j++) {
        int c = keptOrder[j];
        kw[j] = weights[c];
        km[j] = mean[c];
        ks[j] = Math.sqrt(cov[c]);
      }
      return new GaussianMixture(kw, km, ks);
    }
  }

  /** Weighted k-means (k-means++ seeding, Lloyd iterations) turned into one-hot responsibilities. */
  private static double[] kmeansResponsibilities(double[] x, double[] w, int k, RandomGenerator rng) {
    int n = x.length;
    double[] centers = new double[k];
    double[] d2 = new double[n];
    centers[0] = x[weightedPick(w, null, rng)];
    for (int i = 0; i < n; i++) {
      double d = x[i] - centers[0];
      d2[i] = d * d;
    }
    for (int c = 1; c < k; c++) {
      int pick = weightedPick(w, d2, rng);
      centers[c] = x[pick];
      for (int i = 0; i < n; i++) {
        double d = x[i] - centers[c];
        d2[i] = Math.min(d2[i], d * d);
      }
    }
    int[] label = new int[n];
    double[] sum = new double[k];
    double[] cnt = new double[k];
    for (int iter = 0; iter < 50; iter++) {
      boolean changed = iter == 0;
      for (int i = 0; i < n; i++) {
        int bestC = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double d = x[i] - centers[c];
          if (d * d < best) {
            best = d * d;
            bestC = c;
          }
        }
        if (label[i] != bestC) {
          label[i] = bestC;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      Arrays.fill(sum, 0);
      Arrays.fill(cnt, 0);
      for (int i = 0; i < n; i++) {
        sum[label[i]] += w[i] * x[i];
        cnt[label[i]] += w[i];
      }
      for (int c = 0; c < k; c++) {
        if (cnt[c] > 0) {
          centers[c] = sum[c] / cnt[c];
        }
      }
    }
    double[] resp = new double[n * k];
    for (int i = 0; i < n; i++) {
      resp[i * k + label[i]] = 1;
    }
    return resp;
  }

  /** Index drawn with probability proportional to w[i] (times d2[i] when given). */
  private static int weightedPick(double[] w, double[] d2, RandomGenerator rng) {
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      total += d2 == null ? w[i] : w[i] * d2[i];
    }
    if (!(total > 0)) {
      // every remaining point coincides with a centre: pick any point with weight
      for (int i = 0; i < w.length; i++) {
        if (w[i] > 0) {
          return i;
        }
      }
      return 0;
    }
    double u = rng.nextDouble() * total;
    double acc = 0;
    int last = 0;
    for (int i = 0; i < w.length; i++) {
      double v = d2 == null ? w[i] : w[i] * d2[i];
      if (v > 0) {
        last = i;
        acc += v;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }
}
