package org.dpcgan.privacy.accounting;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Composition of discrete privacy loss distributions on one grid: ω₁^{*n₁} * ω₂^{*n₂} * … by a single
 * discrete Fourier transform per distribution (Koskela, Jälkö, Honkela, "Computing tight differential privacy
 * guarantees using FFT", AISTATS 2020): transform each, raise it to its count by repeated squaring, multiply,
 * transform back once. The transforms are JTransforms' (Wendykier), whose twiddle factors are accurate to
 * about 1e-15; the count-th power multiplies transform errors by up to the count, so commons-math3's
 * transform, whose twiddle factors drift to about 1e-12 at 2^17 points, would leave ~1e-8 of spurious mass.
 *
 * <p>The transform is cyclic, so the result is read in a window of the composed support chosen by Chernoff
 * bounds: for the finite part μ of the composition and any λ &gt; 0, μ(L &ge; t) &le; exp(K(λ) − λt) and μ(L &le;
 * t) &le; exp(K(−λ) + λt), with K = Σ n_k log E[e^{λL_k}] computed from the discrete distributions themselves.
 * Mass outside the window folds into it and only adds mass inside, so the window's masses are at least the
 * true ones; mass below it lands at high losses (pessimistic), and the bound on the mass above it is added to
 * the mass at +∞. The composition therefore stays pessimistic.
 */
final class PldComposition {
  /** λ is searched in [e^−14, e^14] (about 1e-6 to 1e6: losses of any scale the grid can hold). */
  private static final double LOG_LAMBDA_RANGE = 14;
  /** The search stops when log λ is known to 0.02: the bound is then within ~1e-4 of its optimum, in log. */
  private static final double LOG_LAMBDA_TOLERANCE = 0.02;
  /** Below this squared modulus a power is flushed to zero (it only shrinks), to avoid subnormal arithmetic. */
  private static final double FLUSH = 1e-280;

  private PldComposition() {}

  /**
   * Grid indices [first, first + size) of the composed finite loss, size a power of two, holding all but at
   * most {@code tailMass} on either side.
   *
   * @param tailAbove a bound on the composed mass above the window
   */
  record Window(long first, long size, double tailAbove) {}

  static Window window(List<PrivacyLossDistribution> plds, long[] counts, double tailMass) {
    double h = plds.get(0).interval();
    long base = 0;
    long top = 0;
    for (int k = 0; k < plds.size(); k++) {
      base = Math.addExact(base, Math.multiplyExact(counts[k], plds.get(k).first()));
      top = Math.addExact(top, Math.multiplyExact(counts[k], plds.get(k).last()));
    }
    double logTail = Math.log(tailMass);
    // Each λ gives a valid bound; the best one is found by golden-section search, the functions being
    // unimodal in λ (K is convex).
    double hiLoss = Math.min(top * h, minOverLambda(lambda -> (cgf(plds, counts, lambda) - logTail) / lambda));
    double loLoss = Math.max(base * h, -minOverLambda(lambda -> (cgf(plds, counts, -lambda) - logTail) / lambda));
    long first = Math.max(base, (long) Math.floor(loLoss / h));
    long last = Math.min(top, Math.max(first, (long) Math.ceil(hiLoss / h)));
    long size = Long.highestOneBit(last - first + 1);
    if (size < last - first + 1) {
      size *= 2;
    }
    double edge = (first + size) * h;
    double tailAbove = 0;
    if (first + size <= top) {
      tailAbove = Math.exp(minOverLambda(lambda -> cgf(plds, counts, lambda) - lambda * edge));
    }
    return new Window(first, size, tailAbove);
  }

  /** K(λ) = Σ n_k log E[e^{λ L_k}; L_k finite]. */
  private static double cgf(List<PrivacyLossDistribution> plds, long[] counts, double lambda) {
    double sum = 0;
    for (int k = 0; k < plds.size(); k++) {
      sum += counts[k] * plds.get(k).logMgf(lambda);
    }
    return sum;
  }

  /** The smallest value of f found over λ in [2^-20, 2^20] by golden-section search in log λ. */
  private static double minOverLambda(java.util.function.DoubleUnaryOperator f) {
    double invPhi = (Math.sqrt(5) - 1) / 2;
    double a = -LOG_LAMBDA_RANGE;
    double b = LOG_LAMBDA_RANGE;
    double c = b - invPhi * (b - a);
    double d = a + invPhi * (b - a);
    double fc = f.applyAsDouble(Math.exp(c));
    double fd = f.applyAsDouble(Math.exp(d));
    double best = Math.min(fc, fd);
    while (b - a > LOG_LAMBDA_TOLERANCE) {
      if (fc <= fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - invPhi * (b - a);
        fc = f.applyAsDouble(Math.exp(c));
        best = Math.min(best, fc);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + invPhi * (b - a);
        fd = f.applyAsDouble(Math.exp(d));
        best = Math.min(best, fd);
      }
    }
    return best;
  }

  /** The composition of {@code counts[k]} copies of each distribution, read in {@code window}. */
  static PrivacyLossDistribution compose(List<PrivacyLossDistribution> plds, long[] counts, Window window) {
    double h = plds.get(0).interval();
    int n = Math.toIntExact(window.size());
    long base = 0;
    double logFiniteSurvives = 0;
    DoubleFFT_1D fft = new DoubleFFT_1D(n);
    double[] product = null;
    for (int k = 0; k < plds.size(); k++) {
      PrivacyLossDistribution pld = plds.get(k);
      base += counts[k] * pld.first();
      logFiniteSurvives += counts[k] * Math.log1p(-pld.infinityMass());
      double[] f = new double[2 * n];
      for (int j = 0; j < pld.size(); j++) {
        f[2 * (j % n)] += pld.mass(j);
      }
      fft.complexForward(f);
      power(f, counts[k]);
      if (product == null) {
        product = f;
      } else {
        multiplyInto(product, f);
      }
    }
    fft.complexInverse(product, true);
    double[] out = new double[n];
    long offset = window.first() - base;
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(0, product[2 * (int) Math.floorMod(offset + i, (long) n)]);
    }
    double infinity = -Math.expm1(logFiniteSurvives) + window.tailAbove();
    return PrivacyLossDistribution.trimmed(h, window.first(), out, infinity);
  }

  /** z ← z^count for every entry (interleaved real, imaginary), by repeated squaring. */
  private static void power(double[] z, long count) {
    for (int i = 0; i < z.length; i += 2) {
      double rr = 1;
      double ri = 0;
      double br = z[i];
      double bi = z[i + 1];
      long e = count;
      while (true) {
        if ((e & 1) != 0) {
          double t = rr * br - ri * bi;
          ri = rr * bi + ri * br;
          rr = t;
        }
        e >>>= 1;
        if (e == 0) {
          break;
        }
        double t = br * br - bi * bi;
        bi = 2 * br * bi;
        br = t;
        if (br * br + bi * bi < FLUSH) {
          rr = 0;
          ri = 0;
          break;
        }
      }
      z[i] = rr;
      z[i + 1] = ri;
    }
  }

  private static void multiplyInto(double[] acc, double[] f) {
    for (int i = 0; i < acc.length; i += 2) {
      double r = acc[i] * f[i] - acc[i + 1] * f[i + 1];
      acc[i + 1] = acc[i] * f[i + 1] + acc[i + 1] * f[i];
      acc[i] = r;
    }
  }
}
