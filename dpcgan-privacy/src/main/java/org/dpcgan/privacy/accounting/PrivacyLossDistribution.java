package org.dpcgan.privacy.accounting;

/**
 * A privacy loss distribution on the grid {i·h}: the law of the loss L = log(dP/dQ) under P, as masses at
 * the losses (first + j)·h plus a mass at +∞. For one direction of a neighbouring pair (P, Q) the hockey-stick
 * divergence is δ(ε) = ω_∞ + Σ_{l &gt; ε} ω_l (1 − e^{ε − l}) (Sommer, Meiser, Mohammadi, "Privacy loss classes:
 * the central limit theorem in differential privacy", PoPETs 2019); composing mechanisms convolves their
 * distributions.
 *
 * <p>Immutable once built; the arrays are never exposed.
 */
final class PrivacyLossDistribution {
  private final double interval;
  private final long first;
  private final double[] masses;
  private final double infinityMass;

  /**
   * @param interval h &gt; 0
   * @param first index of masses[0]: its loss is first·h
   * @param masses non-negative, first and last non-zero (owned by this object)
   * @param infinityMass the mass at +∞, in [0, 1]
   */
  PrivacyLossDistribution(double interval, long first, double[] masses, double infinityMass) {
    this.interval = interval;
    this.first = first;
    this.masses = masses;
    this.infinityMass = infinityMass;
  }

  /**
   * The "connect the dots" discretisation of an exact privacy loss onto the grid {i·h} (Doroshenko, Ghazi,
   * Kamath, Kumar, Manurangsi, "Connect the Dots: Tighter Discrete Approximations of Privacy Loss
   * Distributions", PoPETs 2022). It is pessimistic: the result dominates the exact pair, so every δ(ε) it
   * gives, alone or composed, is at least the exact one.
   *
   * <p>The P-mass of L in each interval (a, a + h] is split between its two ends so that both its P-mass
   * and its Q-mass E_P[e^{−L}] are kept: the upper end gets (P(I) − e^a Q(I))/(1 − e^{−h}), the lower end the
   * rest. An atom at l split this way is two atoms which merge back into it, so the exact pair is a
   * post-processing of the discrete one (dominance); the split moves the hockey-stick curve, as a function of
   * e^ε, onto its chords through the grid points, which lie above the curve because it is convex. P-mass
   * below the lowest grid point {@code lowerLoss(tail)} moves up to it (dominance again); mass above the
   * highest one {@code upperLoss(tail)} goes to +∞, which adds at most {@code tail} to δ.
   */
  static PrivacyLossDistribution connectTheDots(SampledGaussianLoss loss, double interval, double tail) {
    long lo = (long) Math.floor(loss.lowerLoss(tail) / interval);
    long hi = Math.max(lo + 1, (long) Math.ceil(loss.upperLoss(tail) / interval));
    int n = Math.toIntExact(hi - lo + 1);
    double[] mass = new double[n];
    double upperEndShare = 1 / -Math.expm1(-interval);
    SampledGaussianLoss.Tails p = loss.p(lo * interval);
    SampledGaussianLoss.Tails q = loss.q(lo * interval);
    mass[0] = p.atOrBelow();
    for (int k = 0; k < n - 1; k++) {
      double a = (lo + k) * interval;
      SampledGaussianLoss.Tails pNext = loss.p((lo + k + 1) * interval);
      SampledGaussianLoss.Tails qNext = loss.q((lo + k + 1) * interval);
      double pI = between(p, pNext);
      double qI = between(q, qNext);
      double qScaled = qI > 0 ? Math.exp(a + Math.log(qI)) : 0;
      double up = Math.min(pI, Math.max(0, (pI - qScaled) * upperEndShare));
      mass[k] += pI - up;
      mass[k + 1] += up;
      p = pNext;
      q = qNext;
    }
    return trimmed(interval, lo, mass, p.above());
  }

  /** P(a &lt; L &le; b) from the tails at a and b, subtracting the smaller pair. */
  private static double between(SampledGaussianLoss.Tails atA, SampledGaussianLoss.Tails atB) {
    double d = atA.above() <= atB.atOrBelow() ? atA.above() - atB.above() : atB.atOrBelow() - atA.atOrBelow();
    return Math.max(0, d);
  }

  /** The distribution without zero masses at either end. */
  static PrivacyLossDistribution trimmed(double interval, long first, double[] mass, double infinityMass) {
    int from = 0;
    while (from < mass.length - 1 && mass[from] == 0) {
      from++;
    }
    int to = mass.length;
    while (to > from + 1 && mass[to - 1] == 0) {
      to--;
    }
    double[] kept = from == 0 && to == mass.length ? mass : java.util.Arrays.copyOfRange(mass, from, to);
    return new PrivacyLossDistribution(interval, first + from, kept, Math.min(1, infinityMass));
  }

  double interval() {
    return interval;
  }

  /** Grid index of the lowest finite loss. */
  long first() {
    return first;
  }

  /** Grid index of the highest finite loss. */
  long last() {
    return first + masses.length - 1;
  }

  int size() {
    return masses.length;
  }

  double mass(int j) {
    return masses[j];
  }

  double infinityMass() {
    return infinityMass;
  }

  /** δ(ε) = ω_∞ + Σ_{l &gt; ε} ω_l (1 − e^{ε − l}), capped at 1. */
  double delta(double epsilon) {
    double d = 0;
    for (int j = masses.length - 1; j >= 0; j--) {
      double l = (first + j) * interval;
      if (l <= epsilon) {
        break;
      }
      d += masses[j] * -Math.expm1(epsilon - l);
    }
    return Math.min(1, infinityMass + d);
  }

  /**
   * The smallest ε (possibly negative or −∞) with δ(ε) &le; {@code delta}; +∞ when the mass at +∞ alone
   * exceeds it. Exact for this distribution: δ is linear in e^ε between grid points, so the crossing is solved
   * in closed form. Walking down from the top, with S the mass at and above l_i and U = δ(l_i) − ω_∞,
   * δ(l_{i−1}) − ω_∞ = (1 − e^{−h}) S + e^{−h} U (positive terms only, no cancellation), and on [l_{i−1}, l_i]
   * δ(ε) − ω_∞ = S − e^{ε − l_i} (S − U).
   */
  double epsilon(double delta) {
    if (infinityMass > delta) {
      return Double.POSITIVE_INFINITY;
    }
    double target = delta - infinityMass;
    double down = Math.exp(-interval);
    double oneMinusDown = -Math.expm1(-interval);
    int i = masses.length - 1;
    double s = masses[i];
    double u = 0;
    for (; i > 0; i--) {
      double uBelow = oneMinusDown * s + down * u;
      if (uBelow > target) {
        break;
      }
      u = uBelow;
      s += masses[i - 1];
    }
    if (i == 0 && s <= target) {
      return Double.NEGATIVE_INFINITY;
    }
    double y = (s - target) / (s - u);
    return (first + i) * interval + Math.log(y);
  }

  /**
   * log E_P[e^{λL}; L finite] = log Σ ω_l e^{λl}, by Horner's rule in e^{−|λ|h} from the side that dominates,
   * so nothing overflows.
   */
  double logMgf(double lambda) {
    double acc = 0;
    if (lambda >= 0) {
      double r = Math.exp(-lambda * interval);
      for (double m : masses) {
        acc = acc * r + m;
      }
      return Math.log(acc) + lambda * last() * interval;
    }
    double r = Math.exp(lambda * interval);
    for (int j = masses.length - 1; j >= 0; j--) {
      acc = acc * r + masses[j];
    }
    return Math.log(acc) + lambda * first * interval;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "PrivacyLossDistribution[h=%.3g, losses %.4g…%.4g, %d points, ω∞=%.3g]",
        interval, first * interval, last() * interval, masses.length, infinityMass);
  }
}
