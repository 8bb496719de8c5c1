package org.dpcgan.eval.internal.privacy;

import java.util.SplittableRandom;

/** Seeded sampling helpers for the attacks. */
final class Sampling {
  private Sampling() {}

  /** {@code k} distinct indices from [0, n), in random order (partial Fisher–Yates shuffle). */
  static int[] withoutReplacement(int n, int k, SplittableRandom rng) {
    if (k > n || k < 0) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct indices from " + n);
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    return java.util.Arrays.copyOf(all, k);
  }

  /** A random permutation of {@code values}. */
  static int[] shuffled(int[] values, SplittableRandom rng) {
    int[] out = values.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}
