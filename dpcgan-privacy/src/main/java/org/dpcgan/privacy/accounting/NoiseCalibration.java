package org.dpcgan.privacy.accounting;

import java.util.Locale;

/**
 * Calibrates DP-SGD: the noise multiplier σ for a target (ε, δ), sampling rate and number of steps, or the
 * number of steps a budget allows. Uses the {@link RdpAccountant} (Mironov, Talwar, Zhang 2019; Balle et al.
 * 2020 conversion). ε decreases monotonically in σ, so bisection on a bracket is exact up to its tolerance;
 * the returned σ is always the upper end of the final bracket, so its ε never exceeds the target.
 *
 * <p>Immutable; {@link #withDefaults()} searches σ in [{@value #DEFAULT_MIN_NOISE}, {@value
 * #DEFAULT_MAX_NOISE}] (the range in which the accountant is validated) to an absolute tolerance of
 * {@value #TOLERANCE}.
 */
public final class NoiseCalibration {
  /** Smallest σ searched by default: below it one step of Poisson-sampled DP-SGD is rarely meaningful. */
  public static final double DEFAULT_MIN_NOISE = 0.3;
  /** Largest σ searched by default: a target needing more noise is reported as unreachable. */
  public static final double DEFAULT_MAX_NOISE = 100;
  /** Absolute tolerance on σ; costs at most this much extra noise. */
  public static final double TOLERANCE = 1e-6;
  private static final long MAX_STEPS = 1L << 53;

  private final double[] orders;
  private final double minNoise;
  private final double maxNoise;

  private NoiseCalibration(double[] orders, double minNoise, double maxNoise) {
    this.orders = orders;
    this.minNoise = minNoise;
    this.maxNoise = maxNoise;
  }

  /** Default orders of {@link RdpAccountant}, σ searched in [0.3, 100]. */
  public static NoiseCalibration withDefaults() {
    return new NoiseCalibration(RdpAccountant.defaultOrders(), DEFAULT_MIN_NOISE, DEFAULT_MAX_NOISE);
  }

  /** This calibration over other Rényi orders (each finite and &gt; 1). */
  public NoiseCalibration withOrders(double... orders) {
    return new NoiseCalibration(RdpAccountant.withOrders(orders).orders(), minNoise, maxNoise);
  }

  /** This calibration with another search interval for σ, 0 &lt; min &lt; max, both finite. */
  public NoiseCalibration withNoiseBounds(double min, double max) {
    Checks.finitePositive("min noise multiplier", min);
    Checks.finitePositive("max noise multiplier", max);
    if (!(min < max)) {
      throw new IllegalArgumentException(
          "min noise multiplier must be < max noise multiplier. Provided values: " + min + ", " + max);
    }
    return new NoiseCalibration(orders, min, max);
  }

  /**
   * The smallest σ (to {@value #TOLERANCE}) such that {@code steps} Poisson-sampled Gaussian steps spend at
   * most {@code targetEpsilon} at {@code delta}. If even the smallest σ of the search interval meets the
   * target, that σ is returned (its ε is then below the target).
   *
   * @throws IllegalArgumentException on invalid arguments, or when the largest σ of the interval still
   *     spends more than the target
   */
  public CalibratedNoise noiseMultiplier(double targetEpsilon, double delta, double samplingRate, long steps) {
    return noiseMultiplier(targetEpsilon, delta, samplingRate, steps, null);
  }

  /**
   * As {@link #noiseMultiplier(double, double, double, long)}, for steps that come after {@code spentBefore}
   * (e.g. the Gaussian mechanisms that estimated a model's metadata, or an earlier part of a resumed
   * training): the smallest σ such that {@code spentBefore} composed with the steps spends at most
   * {@code targetEpsilon}. {@code null} means nothing was spent before.
   *
   * @throws IllegalArgumentException as the other overload, and when {@code spentBefore} alone already
   *     spends more than the target
   */
  public CalibratedNoise noiseMultiplier(
      double targetEpsilon, double delta, double samplingRate, long steps, DpEvent spentBefore) {
    Checks.finitePositive("targetEpsilon", targetEpsilon);
    Checks.delta(delta);
    Checks.samplingRate("samplingRate", samplingRate);
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1. Provided value: " + steps);
    }
    double[] before = spentBefore == null ? new double[orders.length] : RdpAccountant.rdpOf(spentBefore, orders);
    if (spentBefore != null) {
      PrivacySpent already = RdpAccountant.epsilonFromRdp(orders, before, delta, RdpConversion.BALLE_2020);
      if (already.epsilon() > targetEpsilon) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "target epsilon %s is already exceeded before any step: %s spends epsilon %.6g (delta %s). Allowed: a"
                + " larger target epsilon.", targetEpsilon, spentBefore, already.epsilon(), delta));
      }
    }
    PrivacySpent atMax = spent(before, maxNoise, delta, samplingRate, steps);
    if (atMax.epsilon() > targetEpsilon) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "target epsilon %s cannot be reached with a noise multiplier <= %s: at that noise %d steps with "
              + "sampling rate %s spend epsilon %.6g (delta %s)%s. Allowed: a larger target epsilon, fewer "
              + "steps or a smaller sampling rate.",
          targetEpsilon, maxNoise, steps, samplingRate, atMax.epsilon(), delta,
          spentBefore == null ? "" : " after " + spentBefore));
    }
    PrivacySpent atMin = spent(before, minNoise, delta, samplingRate, steps);
    if (atMin.epsilon() <= targetEpsilon) {
      return new CalibratedNoise(minNoise, atMin);
    }
    double lo = minNoise; // ε(lo) > target
    double hi = maxNoise; // ε(hi) ≤ target
    PrivacySpent hiSpent = atMax;
    while (hi - lo > TOLERANCE) {
      double mid = 0.5 * (lo + hi);
      PrivacySpent s = spent(before, mid, delta, samplingRate, steps);
      if (s.epsilon() <= targetEpsilon) {
        hi = mid;
        hiSpent = s;
      } else {
        lo = mid;
      }
    }
    return new CalibratedNoise(hi, hiSpent);
  }

  /**
   * The largest number of steps T &ge; 0 of the Poisson-sampled Gaussian (q, σ) whose ε at {@code delta}
   * stays within {@code budgetEpsilon}.
   */
  public long maxSteps(double budgetEpsilon, double delta, double samplingRate, double noiseMultiplier) {
    return maxSteps(budgetEpsilon, delta, samplingRate, noiseMultiplier, null);
  }

  /**
   * The largest number of steps T &ge; 0 of the Poisson-sampled Gaussian (q, σ) that, composed after
   * {@code spentBefore} ({@code null}: nothing), keep ε at {@code delta} within {@code budgetEpsilon}; 0 when
   * {@code spentBefore} alone already spends more (or not even one step fits).
   */
  public long maxSteps(double budgetEpsilon, double delta, double samplingRate, double noiseMultiplier,
      DpEvent spentBefore) {
    Checks.finitePositive("budgetEpsilon", budgetEpsilon);
    Checks.delta(delta);
    Checks.samplingRate("samplingRate", samplingRate);
    Checks.finitePositive("noiseMultiplier", noiseMultiplier);
    double[] before = spentBefore == null ? new double[orders.length] : RdpAccountant.rdpOf(spentBefore, orders);
    double[] perStep = RdpAccountant.rdpOf(DpEvent.poissonSampled(samplingRate, DpEvent.gaussian(noiseMultiplier)), orders);
    if (epsilonAfter(before, perStep, 0, delta) > budgetEpsilon) {
      return 0;
    }
    long ok = 0;
    long bad = 1;
    while (epsilonAfter(before, perStep, bad, delta) <= budgetEpsilon) {
      ok = bad;
      if (bad >= MAX_STEPS) {
        return MAX_STEPS;
      }
      bad *= 2;
    }
    while (bad - ok > 1) {
      long mid = ok + (bad - ok) / 2;
      if (epsilonAfter(before, perStep, mid, delta) <= budgetEpsilon) {
        ok = mid;
      } else {
        bad = mid;
      }
    }
    return ok;
  }

  private double epsilonAfter(double[] before, double[] perStep, long steps, double delta) {
    double[] total = new double[perStep.length];
    for (int k = 0; k < total.length; k++) {
      total[k] = before[k] + perStep[k] * steps;
    }
    return RdpAccountant.epsilonFromRdp(orders, total, delta, RdpConversion.BALLE_2020).epsilon();
  }

  private PrivacySpent spent(double[] before, double sigma, double delta, double q, long steps) {
    double[] total = RdpAccountant.rdpOf(DpEvent.dpSgd(q, sigma, steps), orders);
    for (int k = 0; k < total.length; k++) {
      total[k] += before[k];
    }
    return RdpAccountant.epsilonFromRdp(orders, total, delta, RdpConversion.BALLE_2020);
  }

  @Override
  public String toString() {
    return "NoiseCalibration[" + orders.length + " orders, σ in [" + minNoise + ", " + maxNoise + "]]";
  }
}
