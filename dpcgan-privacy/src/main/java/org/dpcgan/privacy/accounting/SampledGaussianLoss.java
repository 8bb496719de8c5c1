package org.dpcgan.privacy.accounting;

/**
 * The exact privacy loss of the Gaussian mechanism (L2 sensitivity 1, noise σ) run on a Poisson sample with
 * probability q, in one direction of the add/remove relation. q = 1 is the plain Gaussian mechanism.
 *
 * <p>With μ₀ = N(0, σ²), μ₁ = N(1, σ²) and the mixture μ_q = (1 − q) μ₀ + q μ₁ (the output with the row
 * present), and ℓ(x) = log(1 − q + q e^{(2x − 1)/(2σ²)}) = log(dμ_q/dμ₀):
 * <ul>
 *   <li>{@link Direction#REMOVE}: P = μ_q, Q = μ₀, loss L = ℓ(X), increasing in x, above log(1 − q);
 *   <li>{@link Direction#ADD}: P = μ₀, Q = μ_q, loss L = −ℓ(X), decreasing in x, below −log(1 − q).
 * </ul>
 * The hockey-stick divergence of (P, Q) at ε is E_P[(1 − e^{ε − L})₊]; a mechanism is (ε, δ)-DP under the
 * add/remove relation when it is at most δ in both directions (Zhu, Dong, Wang, "Optimal accounting of
 * differential privacy via characteristic function", AISTATS 2022, Sect. 5). For q = 1 both directions have the
 * same loss distribution N(1/(2σ²), 1/σ²).
 *
 * <p>Because ℓ is monotone, {L &gt; ε} is a half-line {x &gt; t} or {x &lt; t} with t = ½ + σ² log(1 + (e^{±ε} −
 * 1)/q), so every probability here is a sum of Gaussian tails, each computed on its small side (relative
 * precision about 1e-13 through {@link LogMath#logErfc}).
 */
final class SampledGaussianLoss {

  /** Which of the two neighbouring outputs is P. */
  enum Direction {
    /** P is the output with the row, Q without it. */
    REMOVE,
    /** P is the output without the row, Q with it. */
    ADD
  }

  /** Half-width in standard normals of the trapezoid rule for the variance; the weight beyond is e^{-72}. */
  private static final double QUADRATURE_HALF_WIDTH = 12;
  /** Step of that rule; the trapezoid rule converges geometrically for these smooth Gaussian integrands. */
  private static final double QUADRATURE_STEP = 0.01;
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

  private final double q;
  private final double sigma;
  private final Direction direction;
  private final double sigmaSquared;
  /** log(1 − q): the smallest value of ℓ (−∞ when q = 1). */
  private final double logOneMinusQ;

  /**
   * @param q sampling probability in (0, 1]
   * @param sigma noise multiplier, finite and &gt; 0
   */
  SampledGaussianLoss(double q, double sigma, Direction direction) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in (0, 1]. Provided value: " + q);
    }
    Checks.finitePositive("noiseMultiplier", sigma);
    this.q = q;
    this.sigma = sigma;
    this.direction = direction;
    this.sigmaSquared = sigma * sigma;
    this.logOneMinusQ = Math.log1p(-q);
  }

  /** ℓ(x) = log(1 − q + q e^{(2x − 1)/(2σ²)}), without overflow. */
  double ell(double x) {
    double u = (2 * x - 1) / (2 * sigmaSquared);
    if (q == 1) {
      return u;
    }
    double em = Math.expm1(u);
    if (Double.isInfinite(em)) {
      return u + Math.log(q) + Math.log1p((1 - q) / q * Math.exp(-u));
    }
    return Math.log1p(q * em);
  }

  /** The x with ℓ(x) = v; −∞ when v &le; log(1 − q) (no x reaches it). */
  private double ellInverse(double v) {
    if (q == 1) {
      return 0.5 + sigmaSquared * v;
    }
    if (v <= logOneMinusQ) {
      return Double.NEGATIVE_INFINITY;
    }
    // log((e^v − (1 − q))/q), written so that neither large v nor v near log(1 − q) loses precision.
    double logRatio = v > 1 ? v + Math.log1p(-(1 - q) * Math.exp(-v)) - Math.log(q) : Math.log1p(Math.expm1(v) / q);
    return 0.5 + sigmaSquared * logRatio;
  }

  /** P(L &gt; ε) and P(L &le; ε), each accurate on its small side. */
  Tails p(double epsilon) {
    double t = threshold(epsilon);
    return direction == Direction.REMOVE ? mixtureAbove(t) : normalAbove(t).swap();
  }

  /** Q(L &gt; ε) and Q(L &le; ε). */
  Tails q(double epsilon) {
    double t = threshold(epsilon);
    return direction == Direction.REMOVE ? normalAbove(t) : mixtureAbove(t).swap();
  }

  /** REMOVE: L &gt; ε iff x &gt; t; ADD: L &gt; ε iff ℓ(x) &lt; −ε iff x &lt; t. */
  private double threshold(double epsilon) {
    return direction == Direction.REMOVE ? ellInverse(epsilon) : ellInverse(-epsilon);
  }

  /** μ₀(x &gt; t) and μ₀(x &le; t). */
  private Tails normalAbove(double t) {
    return standardNormalAbove(t / sigma);
  }

  /** μ_q(x &gt; t) and μ_q(x &le; t). */
  private Tails mixtureAbove(double t) {
    if (q == 1) {
      return standardNormalAbove((t - 1) / sigma);
    }
    Tails a = standardNormalAbove(t / sigma);
    Tails b = standardNormalAbove((t - 1) / sigma);
    return new Tails((1 - q) * a.above() + q * b.above(), (1 - q) * a.atOrBelow() + q * b.atOrBelow());
  }

  /** Φc(z) and Φ(z), the small one from erfc and the other as its complement. */
  private static Tails standardNormalAbove(double z) {
    if (z == Double.NEGATIVE_INFINITY) {
      return new Tails(1, 0);
    }
    if (z == Double.POSITIVE_INFINITY) {
      return new Tails(0, 1);
    }
    if (z >= 0) {
      double above = 0.5 * Math.exp(LogMath.logErfc(z * SQRT_HALF));
      return new Tails(above, 1 - above);
    }
    double below = 0.5 * Math.exp(LogMath.logErfc(-z * SQRT_HALF));
    return new Tails(1 - below, below);
  }

  /**
   * A loss value below which P has mass at most {@code tail} (rounded outward by Gaussian tail bounds:
   * Φc(z) &le; ½ e^{−z²/2}).
   */
  double lowerLoss(double tail) {
    double z = tailQuantile(tail);
    return direction == Direction.REMOVE ? ell(-sigma * z) : -ell(sigma * z);
  }

  /** A loss value above which P has mass at most {@code tail}. */
  double upperLoss(double tail) {
    double z = tailQuantile(tail);
    return direction == Direction.REMOVE ? ell(1 + sigma * z) : -ell(-sigma * z);
  }

  /** z &ge; 0 with Φc(z) &le; ½ e^{−z²/2} &le; tail. */
  private static double tailQuantile(double tail) {
    return Math.sqrt(Math.max(0, -2 * Math.log(2 * tail)));
  }

  /**
   * The variance of L under P, by the trapezoid rule over the Gaussian components (the rule converges
   * geometrically here; the value only sets the discretisation interval, never the guarantee).
   */
  double variance() {
    if (q == 1) {
      return 1 / sigmaSquared;
    }
    double m1 = 0;
    double m2 = 0;
    int n = (int) Math.round(2 * QUADRATURE_HALF_WIDTH / QUADRATURE_STEP);
    for (int k = 0; k <= n; k++) {
      double z = -QUADRATURE_HALF_WIDTH + k * QUADRATURE_STEP;
      double w = Math.exp(-0.5 * z * z) / SQRT_TWO_PI * QUADRATURE_STEP * (k == 0 || k == n ? 0.5 : 1);
      double l0 = ell(sigma * z);
      if (direction == Direction.REMOVE) {
        double l1 = ell(1 + sigma * z);
        m1 += w * ((1 - q) * l0 + q * l1);
        m2 += w * ((1 - q) * l0 * l0 + q * l1 * l1);
      } else {
        m1 -= w * l0;
        m2 += w * l0 * l0;
      }
    }
    return Math.max(0, m2 - m1 * m1);
  }

  /**
   * Two complementary probabilities of one event, each accurate on its small side.
   *
   * @param above the probability that the loss is above the threshold
   * @param atOrBelow the probability that it is at or below
   */
  record Tails(double above, double atOrBelow) {
    Tails swap() {
      return new Tails(atOrBelow, above);
    }
  }

  @Override
  public String toString() {
    return "SampledGaussianLoss[q=" + q + ", σ=" + sigma + ", " + direction + "]";
  }
}
