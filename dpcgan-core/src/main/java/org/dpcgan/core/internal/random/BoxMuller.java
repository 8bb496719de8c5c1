package org.dpcgan.core.internal.random;

import java.util.SplittableRandom;
import org.dpcgan.core.internal.exec.FloatMath;

/**
 * Standard normal floats by the Box–Muller transform, a block of pairs at a time, in loops the JIT vectorises.
 *
 * <p>Each pair takes one 64-bit draw: its high 40 bits give {@code u ∈ (0, 1]} and its low 24 bits an angle
 * {@code θ = 2π·v − π}; the pair is {@code r·cos θ} and {@code r·sin θ} with {@code r = √(−2 ln u)}. The logarithm
 * is {@link FloatMath#log}; {@code sin} and {@code cos} of the half angle {@code α = θ/2 ∈ [−π/2, π/2)} are their
 * Taylor polynomials to degree 13 and 14 (truncation below 7e-10 there), and {@code cos θ = (cos α − sin α)(cos α +
 * sin α)}, {@code sin θ = 2 sin α cos α}. The values are within about 1e-6 of the same transform in double
 * (BoxMullerTest). The smallest {@code u}, 2⁻⁴⁰, bounds them to {@code |x| ≤ 7.45}, beyond which a normal falls
 * with probability 1e-13.
 *
 * <p>Why not JDK 17's {@code nextGaussian}: its ziggurat tables are evicted from the caches by the sampling pass's
 * products, which made it a sixth of the pass (docs/benchmarks.md). Not thread-safe: an instance holds scratch
 * arrays.
 */
final class BoxMuller {
  /** Pairs per block: the scratch arrays stay in the first-level cache. */
  static final int PAIRS = 512;

  private static final float PI = (float) Math.PI;

  private final float[] radius = new float[PAIRS];
  private final float[] halfAngle = new float[PAIRS];
  private final float[] sine = new float[PAIRS];
  private final float[] cosine = new float[PAIRS];
  private final FloatMath math = new FloatMath(PAIRS);

  /**
   * Fills {@code out[from, to)} with standard normal values from {@code ⌈(to − from) / 2⌉} draws of {@code bits}.
   * Each block of {@code p} pairs writes its {@code p} cosine values and then its sine values, the last of which
   * is left out when the count is odd.
   */
  void fill(SplittableRandom bits, float[] out, int from, int to) {
    for (int at = from; at < to; ) {
      int pairs = Math.min(PAIRS, (to - at + 1) / 2);
      block(bits, pairs);
      System.arraycopy(cosine, 0, out, at, pairs);
      System.arraycopy(sine, 0, out, at + pairs, Math.min(pairs, to - at - pairs));
      at += Math.min(2 * pairs, to - at);
    }
  }

  /** {@code cosine[j]} and {@code sine[j]}, {@code j < pairs}: the normal pairs of the next {@code pairs} draws. */
  private void block(SplittableRandom bits, int pairs) {
    for (int j = 0; j < pairs; j++) {
      long v = bits.nextLong();
      radius[j] = ((v >>> 24) + 1) * 0x1p-40f;                      // u ∈ (0, 1]
      halfAngle[j] = ((v & 0xffffff) * 0x1p-24f - 0.5f) * PI;         // α ∈ [−π/2, π/2)
    }
    math.log(radius, radius, pairs);
    for (int j = 0; j < pairs; j++) {
      radius[j] = (float) Math.sqrt(-2f * radius[j]);
    }
    // One polynomial a loop: C2 (JDK 17) did not vectorise a loop in which α² fed both.
    for (int j = 0; j < pairs; j++) {
      float a = halfAngle[j];
      float a2 = a * a;
      sine[j] = a * (1f + a2 * (-1f / 6 + a2 * (1f / 120 + a2 * (-1f / 5040 + a2 * (1f / 362880
          + a2 * (-1f / 39916800 + a2 * (1f / 6227020800f)))))));
    }
    for (int j = 0; j < pairs; j++) {
      float a2 = halfAngle[j] * halfAngle[j];
      cosine[j] = 1f + a2 * (-0.5f + a2 * (1f / 24 + a2 * (-1f / 720 + a2 * (1f / 40320 + a2 * (-1f / 3628800
          + a2 * (1f / 479001600 + a2 * (-1f / 87178291200f)))))));
    }
    for (int j = 0; j < pairs; j++) {
      halfAngle[j] = 2f * radius[j] * sine[j] * cosine[j];                  // r·sin θ, while cosine is still cos α
    }
    for (int j = 0; j < pairs; j++) {
      cosine[j] = radius[j] * (cosine[j] - sine[j]) * (cosine[j] + sine[j]);   // r·cos θ
    }
    System.arraycopy(halfAngle, 0, sine, 0, pairs);
  }
}
