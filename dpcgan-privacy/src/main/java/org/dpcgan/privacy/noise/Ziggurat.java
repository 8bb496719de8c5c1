package org.dpcgan.privacy.noise;

/**
 * Standard normal sampling by the ziggurat method of Marsaglia and Tsang, "The Ziggurat Method for
 * Generating Random Variables" (J. Stat. Software 5(8), 2000), 128 layers, with Doornik's correction
 * ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005): the layer index and the uniform
 * come from disjoint bits of one 64-bit word, and the value has 53 random bits. The tail beyond r uses
 * Marsaglia's (1964) exact method.
 */
final class Ziggurat {
  private static final int LAYERS = 128;
  private static final double R = 3.442619855899;
  private static final double V = 9.91256303526217e-3;
  private static final double[] X = new double[LAYERS + 1];
  private static final double[] F = new double[LAYERS + 1];

  static {
    X[0] = V / Math.exp(-0.5 * R * R);
    X[1] = R;
    for (int i = 1; i < LAYERS - 1; i++) {
      X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + Math.exp(-0.5 * X[i] * X[i])));
    }
    X[LAYERS] = 0;
    for (int i = 0; i <= LAYERS; i++) {
      F[i] = Math.exp(-0.5 * X[i] * X[i]);
    }
  }

  private Ziggurat() {}

  /** One N(0, 1) draw. */
  static double sample(AesCtrStream stream) {
    while (true) {
      long bits = stream.nextLong();
      int i = (int) (bits & (LAYERS - 1));
      double u = (bits >>> 11) * 0x1.0p-52 - 1; // uniform on [-1, 1) with 53 bits, independent of i
      double x = u * X[i];
      if (Math.abs(x) < X[i + 1]) {
        return x;
      }
      if (i == 0) {
        return tail(stream, u < 0);
      }
      double y = F[i] + stream.nextOpenClosed() * (F[i + 1] - F[i]);
      if (y < Math.exp(-0.5 * x * x)) {
        return x;
      }
    }
  }

  private static double tail(AesCtrStream stream, boolean negative) {
    double x;
    double y;
    do {
      x = -Math.log(stream.nextOpenClosed()) / R;
      y = -Math.log(stream.nextOpenClosed());
    } while (y + y < x * x);
    return negative ? -(R + x) : R + x;
  }
}
