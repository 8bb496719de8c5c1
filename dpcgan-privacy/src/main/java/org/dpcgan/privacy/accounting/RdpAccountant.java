package org.dpcgan.privacy.accounting;

import java.util.Arrays;

/**
 * Rényi DP accountant (Mironov, "Rényi Differential Privacy", CSF 2017) over a fixed list of orders.
 *
 * <p>Supports the events {@link DpEvent.Gaussian} (RDP α/(2σ²)), {@link DpEvent.PoissonSampled} of a Gaussian
 * (Mironov, Talwar, Zhang 2019, see {@code SampledGaussianRdp}), {@link DpEvent.SelfComposed} and
 * {@link DpEvent.Composed} (RDP adds up). Conversion to (ε, δ) by Balle et al. (2020) by default, the classic
 * bound on request; both take the minimum over orders.
 *
 * <p>Immutable: {@link #compose} returns a new accountant. Agrees with TensorFlow Privacy, Google
 * {@code dp_accounting} and Opacus to 1e-6 relative (see the tests).
 */
public final class RdpAccountant implements PrivacyAccountant {

  /*
   * The default orders of DESIGN.md §4: 1 + x/10 for x = 1…99, then 11…63, 128, 256, 512, 1024. The large
   * orders matter for small ε; more orders only ever lower ε and cost a little time.
   */
  private static final double[] DEFAULT_ORDERS = makeDefaultOrders();

  /** Orders above this bound make the Balle et al. conversion unstable (as in dp_accounting). */
  private static final double BALLE_MIN_ORDER = 1.01;

  private final double[] orders;
  private final double[] rdp;
  private final RdpConversion conversion;

  private RdpAccountant(double[] orders, double[] rdp, RdpConversion conversion) {
    this.orders = orders;
    this.rdp = rdp;
    this.conversion = conversion;
  }

  /** An accountant with nothing spent, over {@link #defaultOrders()}, Balle et al. conversion. */
  public static RdpAccountant withDefaultOrders() {
    return withOrders(DEFAULT_ORDERS);
  }

  /** An accountant with nothing spent over the given orders (each finite and &gt; 1). */
  public static RdpAccountant withOrders(double... orders) {
    if (orders == null || orders.length == 0) {
      throw new IllegalArgumentException("orders must contain at least one order > 1. Provided: "
          + Arrays.toString(orders));
    }
    for (double a : orders) {
      if (!(Double.isFinite(a) && a > 1)) {
        throw new IllegalArgumentException("each order must be finite and > 1. Provided value: " + a);
      }
    }
    return new RdpAccountant(orders.clone(), new double[orders.length], RdpConversion.BALLE_2020);
  }

  /** This accountant with another (ε, δ) conversion. */
  public RdpAccountant withConversion(RdpConversion conversion) {
    Checks.notNull("conversion", conversion);
    return new RdpAccountant(orders, rdp, conversion);
  }

  /**
   * RDP at order α of the Poisson-subsampled Gaussian mechanism with sampling probability q and noise
   * multiplier σ (Mironov, Talwar, Zhang 2019): exact binomial sum for integer α, exact two-sided series for
   * fractional α.
   *
   * @param samplingProbability q in [0, 1]
   * @param noiseMultiplier σ finite and &gt; 0
   * @param order α finite and &gt; 1
   */
  public static double sampledGaussianRdp(double samplingProbability, double noiseMultiplier, double order) {
    if (!(samplingProbability >= 0 && samplingProbability <= 1)) {
      throw new IllegalArgumentException(
          "samplingProbability must be in [0, 1]. Provided value: " + samplingProbability);
    }
    Checks.finitePositive("noiseMultiplier", noiseMultiplier);
    if (!(Double.isFinite(order) && order > 1)) {
      throw new IllegalArgumentException("order must be finite and > 1. Provided value: " + order);
    }
    return SampledGaussianRdp.rdp(samplingProbability, noiseMultiplier, order);
  }

  @Override
  public RdpAccountant compose(DpEvent event) {
    Checks.notNull("event", event);
    double[] sum = rdp.clone();
    double[] add = rdpOf(event, orders);
    for (int k = 0; k < sum.length; k++) {
      sum[k] += add[k];
    }
    return new RdpAccountant(orders, sum, conversion);
  }

  /** The RDP curve of one event at the given orders. */
  static double[] rdpOf(DpEvent event, double[] orders) {
    double[] out = new double[orders.length];
    if (event instanceof DpEvent.Gaussian g) {
      double s = g.noiseMultiplier();
      for (int k = 0; k < orders.length; k++) {
        out[k] = orders[k] / (2 * s * s);
      }
    } else if (event instanceof DpEvent.PoissonSampled p) {
      if (!(p.event() instanceof DpEvent.Gaussian g)) {
        throw new IllegalArgumentException(
            "RdpAccountant supports Poisson sampling of a Gaussian event only. Provided: " + p);
      }
      for (int k = 0; k < orders.length; k++) {
        out[k] = SampledGaussianRdp.rdp(p.samplingProbability(), g.noiseMultiplier(), orders[k]);
      }
    } else if (event instanceof DpEvent.SelfComposed s) {
      if (s.count() > 0) {
        double[] one = rdpOf(s.event(), orders);
        for (int k = 0; k < orders.length; k++) {
          out[k] = one[k] * s.count();
        }
      }
    } else if (event instanceof DpEvent.Composed c) {
      for (DpEvent e : c.events()) {
        double[] one = rdpOf(e, orders);
        for (int k = 0; k < orders.length; k++) {
          out[k] += one[k];
        }
      }
    } else {
      throw new IllegalArgumentException("unsupported event: " + event);
    }
    return out;
  }

  @Override
  public EpsilonDelta epsilon(double delta) {
    return epsilonFromRdp(orders, rdp, delta, conversion);
  }

  @Override
  public EpsilonDelta delta(double epsilon) {
    return deltaFromRdp(orders, rdp, epsilon, conversion);
  }

  @Override
  public String name() {
    return "rdp";
  }

  /** The orders (a copy). */
  public double[] orders() {
    return orders.clone();
  }

  /** The accumulated RDP at each order (a copy). */
  public double[] rdp() {
    return rdp.clone();
  }

  /** The conversion in use. */
  public RdpConversion conversion() {
    return conversion;
  }

  /**
   * The smallest ε over the orders for the given δ, as Google {@code dp_accounting}'s
   * {@code compute_epsilon}: δ = 0 gives ε = 0 if every RDP is 0 and +∞ otherwise.
   */
  static EpsilonDelta epsilonFromRdp(double[] orders, double[] rdp, double delta, RdpConversion conversion) {
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1). Provided value: " + delta);
    }
    if (delta == 0) {
      boolean allZero = Arrays.stream(rdp).allMatch(r -> r == 0);
      return new EpsilonDelta(allZero ? 0 : Double.POSITIVE_INFINITY, 0, Double.NaN);
    }
    double logDelta = Math.log(delta);
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    for (int k = 0; k < orders.length; k++) {
      double a = orders[k];
      double r = rdp[k];
      double eps;
      if (conversion == RdpConversion.CLASSIC) {
        eps = r - logDelta / (a - 1);
      } else if (delta * delta + Math.expm1(-r) > 0) {
        eps = 0; // KL bound: δ ≤ sqrt(1 − e^{−KL}) already holds.
      } else if (a > BALLE_MIN_ORDER) {
        eps = r + Math.log1p(-1 / a) - (logDelta + Math.log(a)) / (a - 1);
      } else {
        eps = Double.POSITIVE_INFINITY;
      }
      if (eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new EpsilonDelta(Math.max(0, best), delta, bestOrder);
  }

  /** The smallest δ over the orders for the given ε, as {@code dp_accounting}'s {@code compute_delta}. */
  static EpsilonDelta deltaFromRdp(double[] orders, double[] rdp, double epsilon, RdpConversion conversion) {
    if (!(epsilon >= 0 && epsilon < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0. Provided value: " + epsilon);
    }
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    for (int k = 0; k < orders.length; k++) {
      double a = orders[k];
      double r = rdp[k];
      double logDelta;
      if (conversion == RdpConversion.CLASSIC) {
        logDelta = (a - 1) * (r - epsilon);
      } else {
        logDelta = r == 0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log1p(-Math.exp(-r));
        if (a > BALLE_MIN_ORDER) {
          logDelta = Math.min(logDelta, (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a));
        }
      }
      if (logDelta < best) {
        best = logDelta;
        bestOrder = a;
      }
    }
    return new EpsilonDelta(epsilon, Math.min(Math.exp(best), 1), bestOrder);
  }

  @Override
  public String toString() {
    double eps = epsilon(1e-5).epsilon();
    return String.format(java.util.Locale.ROOT, "RdpAccountant[%d orders, %s, ε=%.4g at δ=1e-5]",
        orders.length, conversion, eps);
  }

  /** A copy of the default orders of DESIGN.md §4 (156 orders from 1.1 to 1024). */
  public static double[] defaultOrders() {
    return DEFAULT_ORDERS.clone();
  }

  private static double[] makeDefaultOrders() {
    double[] out = new double[99 + 53 + 4];
    int k = 0;
    for (int x = 1; x <= 99; x++) {
      out[k++] = 1 + x / 10.0;
    }
    for (int a = 11; a <= 63; a++) {
      out[k++] = a;
    }
    for (int a : new int[] {128, 256, 512, 1024}) {
      out[k++] = a;
    }
    return out;
  }
}
