package org.dpcgan.core.internal.exec;

/**
 * {@code exp}, {@code tanh} and {@code log} over float arrays in loops the JIT vectorises: several times faster than
 * {@code Math.exp} one element at a time, for the heads' softmax and the latent noise (docs/benchmarks.md).
 *
 * <p>{@link #exp}: Cody–Waite range reduction
 * {@code x = k·ln 2 + r}, {@code |r| ≤ ln 2 / 2}, Cephes' degree-7 polynomial for {@code e^r} (Moshier, {@code expf})
 * and {@code 2^k} built from the exponent bits. On arguments in {@code [−87, 88]} it is within one ulp of the
 * correctly rounded float (FloatMathTest); arguments outside are clamped to that range (so {@code e^−87 ≈ 1.6e−38}
 * stands in for anything smaller, and {@code e^88 ≈ 1.7e38} for anything larger); NaN gives NaN.
 *
 * <p>The rounding to {@code k} adds and subtracts 1.5·2²³, which
 * leaves {@code k + 127} in the low mantissa bits, so no float-to-int conversion is needed; the bit moves sit in
 * loops of their own, because C2 (JDK 17) leaves a loop unvectorised when they share it with the arithmetic.
 * Not thread-safe: each instance holds scratch arrays of its capacity.
 */
public final class FloatMath {
  private static final float LOWEST = -87f;
  private static final float HIGHEST = 88f;
  private static final float LOG2_E = 1.44269504f;
  private static final float LN2_HIGH = 0.693359375f;          // ln 2 = LN2_HIGH − LN2_LOW, LN2_HIGH exact in 10 bits
  private static final float LN2_LOW = 2.12194440e-4f;
  private static final float ROUNDER = 12582912f + 127f;      // 1.5·2²³ + the exponent bias

  private static final int SQRT_HALF_BITS = 0x3f3504f3;       // √½, the bottom of log's reduced range
  private static final float LN2_HI = 6.9313812256e-01f;       // ln 2 split as in musl's logf
  private static final float LN2_LO = 9.0580006145e-06f;
  private static final float LG1 = 0.66666662693f;             // musl's logf polynomial
  private static final float LG2 = 0.40000972152f;
  private static final float LG3 = 0.28498786688f;
  private static final float LG4 = 0.24279078841f;

  private final float[] rounded;
  private final int[] powers;

  public FloatMath(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1. Provided value: " + capacity);
    }
    rounded = new float[capacity];
    powers = new int[capacity];
  }

  /** The position of the largest of {@code x[start, start + length)}, from 0, the first on ties. */
  public static int argmax(float[] x, int start, int length) {
    int best = 0;
    for (int j = 1; j < length; j++) {
      if (x[start + j] > x[start + best]) {
        best = j;
      }
    }
    return best;
  }

  public int capacity() {
    return rounded.length;
  }

  /** {@code out[j] = exp(x[j])} for {@code j < n}; {@code out} may be {@code x}. */
  public void exp(float[] x, float[] out, int n) {
    requireLengths(x, out, n);
    float[] t = rounded;
    int[] bits = powers;
    for (int j = 0; j < n; j++) {
      float v = Math.min(Math.max(x[j], LOWEST), HIGHEST);
      float shifted = v * LOG2_E + ROUNDER;                    // k + 127 in the low mantissa bits
      float k = shifted - ROUNDER;
      float r = v - k * LN2_HIGH + k * LN2_LOW;
      float p = 1.9875691500e-4f;
      p = p * r + 1.3981999507e-3f;
      p = p * r + 8.3334519073e-3f;
      p = p * r + 4.1665795894e-2f;
      p = p * r + 1.6666665459e-1f;
      p = p * r + 5.0000001201e-1f;
      out[j] = p * r * r + r + 1f;
      t[j] = shifted;
    }
    for (int j = 0; j < n; j++) {
      bits[j] = Float.floatToRawIntBits(t[j]) << 23;          // (k + 127) << 23: the bits of 2^k
    }
    for (int j = 0; j < n; j++) {
      out[j] *= Float.intBitsToFloat(bits[j]);
    }
  }

  /**
   * {@code out[j] = tanh(x[j])} for {@code j < n}, as {@code sign(x)·(1 − e)/(1 + e)} with {@code e = exp(−2|x|)}:
   * within 2e-7 of {@code Math.tanh} in absolute terms (FloatMathTest), which is what decoding a scalar span reads
   * (relative accuracy is lost below |x| ≈ 1e-4, where 1 − e cancels); ±∞ give ±1 and NaN gives NaN. {@code out}
   * must not be {@code x}.
   */
  public void tanh(float[] x, float[] out, int n) {
    if (out == x) {
      throw new IllegalArgumentException("tanh needs an output array other than its input");
    }
    requireLengths(x, out, n);
    for (int j = 0; j < n; j++) {
      out[j] = -2f * Math.abs(x[j]);
    }
    exp(out, out, n);
    for (int j = 0; j < n; j++) {
      out[j] = Math.signum(x[j]) * (1f - out[j]) / (1f + out[j]);
    }
  }

  private void requireLengths(float[] x, float[] out, int n) {
    if (n < 0 || n > rounded.length || n > x.length || n > out.length) {
      throw new IllegalArgumentException("FloatMath of n values needs 0 <= n <= capacity " + rounded.length
          + " and arrays of length >= n. Provided: n=" + n + ", x.length=" + x.length + ", out.length=" + out.length);
    }
  }

  /**
   * {@code out[j] = ln(x[j])} for {@code j < n} and positive normal floats {@code x[j]} (≥ 2^−126, finite): musl's
   * {@code logf} (FreeBSD's {@code e_logf.c}), whose reduction to {@code [√½, √2)} is integer arithmetic on the
   * bits, so it needs no branch; within one ulp of the correctly rounded float (FloatMathTest). Zero, negative,
   * subnormal, infinite and NaN arguments give unspecified values: callers clamp first. {@code out} may be
   * {@code x}.
   */
  public void log(float[] x, float[] out, int n) {
    requireLengths(x, out, n);
    int[] bits = powers;
    float[] exponent = rounded;
    for (int j = 0; j < n; j++) {
      bits[j] = Float.floatToRawIntBits(x[j]) + (0x3f800000 - SQRT_HALF_BITS);
    }
    for (int j = 0; j < n; j++) {
      exponent[j] = (bits[j] >> 23) - 0x7f;
    }
    for (int j = 0; j < n; j++) {
      out[j] = Float.intBitsToFloat((bits[j] & 0x007fffff) + SQRT_HALF_BITS);   // the significand, in [√½, √2)
    }
    for (int j = 0; j < n; j++) {
      float f = out[j] - 1f;
      float s = f / (2f + f);
      float z = s * s;
      float r = z * (LG1 + z * (LG2 + z * (LG3 + z * LG4)));   // Horner: musl's split by z² kept C2 from vectorising
      float halfSquare = 0.5f * f * f;
      float k = exponent[j];
      out[j] = s * (halfSquare + r) + k * LN2_LO - halfSquare + f + k * LN2_HI;
    }
  }
}
