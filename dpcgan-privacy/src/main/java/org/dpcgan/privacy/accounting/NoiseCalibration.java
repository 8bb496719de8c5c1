package org.dpcgan.privacy.accounting;

import java.util.Locale;

/**
 * Calibrates DP-SGD: the noise multiplier σ for a target (ε, δ), sampling rate and number of steps, or the
 * number of steps a budget allows, with a chosen {@link PrivacyAccountant}: by default the {@link RdpAccountant}
 * (Mironov, Talwar, Zhang 2019; Balle et al. 2020 conversion), or e.g. the tighter {@link PldAccountant} through
 * {@link #withAccountant}. ε decreases monotonically in σ, so bisection on a bracket is exact up to its
 * tolerance; the returned σ is always the upper end of the final bracket, so its ε never exceeds the target.
 *
 * <p>Each candidate plan is composed onto the calibration's accountant and its ε read at δ. With the PLD
 * accountant, whose ε is accurate to 0.1 %, the σ found spends at most the target and less than 1 % below it.
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

  private final PrivacyAccountant accountant;
  private final double minNoise;
  private final double maxNoise;

  private NoiseCalibration(PrivacyAccountant accountant, double minNoise, double maxNoise) {
    this.accountant = accountant;
    this.minNoise = minNoise;
    this.maxNoise = maxNoise;
  }

  /** The {@link RdpAccountant} with its default orders, σ searched in [0.3, 100]. */
  public static NoiseCalibration withDefaults() {
    return new NoiseCalibration(RdpAccountant.withDefaultOrders(), DEFAULT_MIN_NOISE, DEFAULT_MAX_NOISE);
  }

  /** This calibration with the {@link RdpAccountant} over the given Rényi orders (each finite and &gt; 1). */
  public NoiseCalibration withOrders(double... orders) {
    return new NoiseCalibration(RdpAccountant.withOrders(orders), minNoise, maxNoise);
  }

  /**
   * This calibration with another accountant, e.g. {@link Accountants#pld()}. Every candidate plan is
   * composed onto {@code accountant}, so whatever it has already spent counts as spent before the steps: pass
   * one with nothing spent and give earlier spending as {@code spentBefore}.
   */
  public NoiseCalibration withAccountant(PrivacyAccountant accountant) {
    Checks.notNull("accountant", accountant);
    return new NoiseCalibration(accountant, minNoise, maxNoise);
  }

  /** The accountant this calibration composes onto. */
  public PrivacyAccountant accountant() {
    return accountant;
  }

  /** This calibration with another search interval for σ, 0 &lt; min &lt; max, both finite. */
  public NoiseCalibration withNoiseBounds(double min, double max) {
    Checks.finitePositive("min noise multiplier", min);
    Checks.finitePositive("max noise multiplier", max);
    if (!(min < max)) {
      throw new IllegalArgumentException(
          "min noise multiplier must be < max noise multiplier. Provided values: " + min + ", " + max);
    }
    return new NoiseCalibration(accountant, min, max);
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
    PrivacyAccountant before = spentBefore == null ? accountant : accountant.compose(spentBefore);
    if (spentBefore != null) {
      EpsilonDelta already = before.epsilon(delta);
      if (already.epsilon() > targetEpsilon) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "target epsilon %s is already exceeded before any step: %s spends epsilon %.6g (delta %s). Allowed: a"
                + " larger target epsilon.", targetEpsilon, spentBefore, already.epsilon(), delta));
      }
    }
    EpsilonDelta atMax = spent(before, maxNoise, delta, samplingRate, steps);
    if (atMax.epsilon() > targetEpsilon) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "target epsilon %s cannot be reached with a noise multiplier <= %s: at that noise %d steps with "
              + "sampling rate %s spend epsilon %.6g (delta %s)%s. Allowed: a larger target epsilon, fewer "
              + "steps or a smaller sampling rate.",
          targetEpsilon, maxNoise, steps, samplingRate, atMax.epsilon(), delta,
          spentBefore == null ? "" : " after " + spentBefore));
    }
    EpsilonDelta atMin = spent(before, minNoise, delta, samplingRate, steps);
    if (atMin.epsilon() <= targetEpsilon) {
      return new CalibratedNoise(minNoise, atMin);
    }
    return accountant instanceof RdpAccountant
        ? bisection(before, targetEpsilon, delta, samplingRate, steps, atMin, atMax)
        : illinois(before, targetEpsilon, delta, samplingRate, steps, atMin, atMax);
  }

  /** Bisection of [min, max] down to the tolerance: the RDP search, unchanged. */
  private CalibratedNoise bisection(PrivacyAccountant before, double targetEpsilon, double delta, double samplingRate,
      long steps, EpsilonDelta atMin, EpsilonDelta atMax) {
    double lo = minNoise; // ε(lo) > target
    double hi = maxNoise; // ε(hi) ≤ target
    EpsilonDelta hiSpent = atMax;
    while (hi - lo > TOLERANCE) {
      double mid = 0.5 * (lo + hi);
      EpsilonDelta s = spent(before, mid, delta, samplingRate, steps);
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
   * The same bracket [lo, hi] with ε(lo) &gt; target &ge; ε(hi), down to the same tolerance, but each new point
   * from the Illinois variant of regula falsi (Dowell and Jarratt, BIT 1971) on g = log ε − log target against
   * log σ, where g is nearly linear: about 10 accountant evaluations instead of bisection's 27, for accountants
   * that cost tens of milliseconds each (PLD). A step that would not land well inside the bracket, or a second
   * step that fails to halve it, is a bisection step instead.
   */
  private CalibratedNoise illinois(PrivacyAccountant before, double targetEpsilon, double delta, double samplingRate,
      long steps, EpsilonDelta atMin, EpsilonDelta atMax) {
    double logTarget = Math.log(targetEpsilon);
    double lo = minNoise;
    double hi = maxNoise;
    double gLo = Math.log(atMin.epsilon()) - logTarget; // > 0
    double gHi = Math.log(atMax.epsilon()) - logTarget; // ≤ 0
    EpsilonDelta hiSpent = atMax;
    int retained = 0; // +1: lo was kept by the last step, −1: hi was
    double widthOneStepAgo = Double.POSITIVE_INFINITY;
    double widthTwoStepsAgo = Double.POSITIVE_INFINITY;
    while (hi - lo > TOLERANCE) {
      double width = hi - lo;
      double x = Math.exp((Math.log(lo) * gHi - Math.log(hi) * gLo) / (gHi - gLo));
      boolean inside = Double.isFinite(x) && x > lo + TOLERANCE / 4 && x < hi - TOLERANCE / 4;
      boolean stalled = width > 0.5 * widthTwoStepsAgo;
      double mid = inside && !stalled ? x : 0.5 * (lo + hi);
      widthTwoStepsAgo = widthOneStepAgo;
      widthOneStepAgo = width;
      EpsilonDelta s = spent(before, mid, delta, samplingRate, steps);
      double g = Math.log(s.epsilon()) - logTarget;
      if (s.epsilon() <= targetEpsilon) {
        hi = mid;
        hiSpent = s;
        gHi = g;
        gLo = retained == 1 ? gLo / 2 : gLo;
        retained = 1;
      } else {
        lo = mid;
        gLo = g;
        gHi = retained == -1 ? gHi / 2 : gHi;
        retained = -1;
      }
    }
    return new CalibratedNoise(hi, hiSpent);
  }

  /**
   * The largest number of steps T &ge; 0 of the Poisson-sampled Gaussian (q, σ) whose ε at {@code delta}
   * stays within {@code budgetEpsilon}. Costs about 2·log₂ T accountant evaluations.
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
    PrivacyAccountant before = spentBefore == null ? accountant : accountant.compose(spentBefore);
    DpEvent perStep = DpEvent.poissonSampled(samplingRate, DpEvent.gaussian(noiseMultiplier));
    if (epsilonAfter(before, perStep, 0, delta) > budgetEpsilon) {
      return 0;
    }
    long ok = 0;
    long bad = 1;
    double epsOk = 0;
    double epsBad;
    while ((epsBad = epsilonAfter(before, perStep, bad, delta)) <= budgetEpsilon) {
      ok = bad;
      epsOk = epsBad;
      if (bad >= MAX_STEPS) {
        return MAX_STEPS;
      }
      bad *= 2;
    }
    if (accountant instanceof RdpAccountant) {
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
    return illinoisSteps(before, perStep, delta, budgetEpsilon, ok, epsOk, bad, epsBad);
  }

  /**
   * The bisection above for accountants that are slow per evaluation: the same bracket (ε(ok) &le; budget &lt;
   * ε(bad)) narrowed to one step, each new count from the Illinois variant of regula falsi on log ε against
   * log T, with a bisection step when that would not land inside or a second step fails to halve the bracket.
   */
  private static long illinoisSteps(PrivacyAccountant before, DpEvent perStep, double delta, double budget,
      long ok, double epsOk, long bad, double epsBad) {
    double logBudget = Math.log(budget);
    double gOk = Math.log(epsOk) - logBudget;
    double gBad = Math.log(epsBad) - logBudget;
    int retained = 0; // +1: ok was kept by the last step, −1: bad was
    long widthOneStepAgo = Long.MAX_VALUE;
    long widthTwoStepsAgo = Long.MAX_VALUE;
    while (bad - ok > 1) {
      long width = bad - ok;
      double x = Math.exp((Math.log(ok) * gBad - Math.log(bad) * gOk) / (gBad - gOk));
      boolean inside = ok > 0 && Double.isFinite(x) && x > ok + 0.5 && x < bad - 0.5;
      boolean stalled = width > widthTwoStepsAgo / 2;
      long mid = inside && !stalled ? Math.round(x) : ok + width / 2;
      widthTwoStepsAgo = widthOneStepAgo;
      widthOneStepAgo = width;
      double eps = epsilonAfter(before, perStep, mid, delta);
      double g = Math.log(eps) - logBudget;
      if (eps <= budget) {
        ok = mid;
        gOk = g;
        gBad = retained == -1 ? gBad / 2 : gBad;
        retained = -1;
      } else {
        bad = mid;
        gBad = g;
        gOk = retained == 1 ? gOk / 2 : gOk;
        retained = 1;
      }
    }
    return ok;
  }

  private static double epsilonAfter(PrivacyAccountant before, DpEvent perStep, long steps, double delta) {
    return before.compose(perStep.repeated(steps)).epsilon(delta).epsilon();
  }

  private static EpsilonDelta spent(PrivacyAccountant before, double sigma, double delta, double q, long steps) {
    return before.compose(DpEvent.dpSgd(q, sigma, steps)).epsilon(delta);
  }

  @Override
  public String toString() {
    String which = accountant instanceof RdpAccountant r ? r.orders().length + " orders" : accountant.name();
    return "NoiseCalibration[" + which + ", σ in [" + minNoise + ", " + maxNoise + "]]";
  }
}
