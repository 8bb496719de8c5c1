package org.dpcgan.core.internal.random;

import java.util.random.RandomGenerator;

/** Uniform random permutations (Fisher–Yates, Durstenfeld's in-place form), the one shuffle of dpcgan-core. */
public final class Permutation {
  private Permutation() {}

  /** A uniformly random permutation of {@code 0 … n − 1}: {@code n − 1} draws of {@code rng.nextInt}, from the top. */
  public static int[] of(int n, RandomGenerator rng) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0. Provided value: " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
