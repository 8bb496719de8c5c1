package org.dpcgan.eval.privacy;

import java.util.Locale;

/**
 * The outcome of one attack.
 *
 * <p>{@code risk = (a − c) / (1 − c)} with a the attack rate on training rows and c the control rate on
 * holdout rows (Giomi et al. 2023). The interval uses 95% Wilson intervals [a₋, a₊] and [c₋, c₊]:
 * {@code [(a₋ − c₊)/(1 − c₊), (a₊ − c₋)/(1 − c₋)]}, which contains the risk whenever both rates lie in their
 * intervals (so it is conservative). A control rate of 1 leaves no room for risk and gives 0.
 *
 * @param risk the point estimate, in [−∞, 1]; near 0 means no more success on training rows than on others
 * @param ciLow lower end of the interval
 * @param ciHigh upper end of the interval
 * @param attackRate share of successful attacks on training rows
 * @param controlRate share of successful attacks on holdout rows
 * @param baselineRate share of successful naive (content-blind) attacks on training rows
 * @param attacks number of attacks on each of the training and holdout rows
 */
public record RiskEstimate(
    double risk,
    double ciLow,
    double ciHigh,
    double attackRate,
    double controlRate,
    double baselineRate,
    int attacks) {

  /** The estimate from success counts out of {@code attacks} tries each. */
  public static RiskEstimate of(int attackSuccesses, int controlSuccesses, int baselineSuccesses, int attacks) {
    double a = (double) attackSuccesses / attacks;
    double c = (double) controlSuccesses / attacks;
    double b = (double) baselineSuccesses / attacks;
    double[] ai = WilsonInterval.of(attackSuccesses, attacks, WilsonInterval.Z95);
    double[] ci = WilsonInterval.of(controlSuccesses, attacks, WilsonInterval.Z95);
    return new RiskEstimate(
        relative(a, c), relative(ai[0], ci[1]), relative(ai[1], ci[0]), a, c, b, attacks);
  }

  private static double relative(double attack, double control) {
    return control >= 1.0 ? 0.0 : (attack - control) / (1.0 - control);
  }

  /** Whether the main attack beat the naive baseline by more than its own interval's half-width. */
  public boolean beatsBaseline() {
    double[] ai = WilsonInterval.of((int) Math.round(attackRate * attacks), attacks, WilsonInterval.Z95);
    return ai[0] > baselineRate;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%.4f [%.4f, %.4f] (attack %.4f, control %.4f, baseline %.4f, n=%d)",
        risk,
        ciLow,
        ciHigh,
        attackRate,
        controlRate,
        baselineRate,
        attacks);
  }
}
