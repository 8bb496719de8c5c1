package org.dpcgan.core.synth;

import java.util.Locale;
import java.util.Objects;

/**
 * The (ε, δ)-differential-privacy guarantee a trained model gives about its training rows. Only models
 * trained with differential privacy have one; non-private models report none.
 *
 * @param epsilon ε, finite and &gt; 0
 * @param delta δ, in [0, 1)
 * @param accountant the accountant that computed ε (e.g. {@code "rdp"})
 */
public record PrivacySpent(double epsilon, double delta, String accountant) {
  public PrivacySpent {
    if (!Double.isFinite(epsilon) || epsilon <= 0) {
      throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
    }
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1). Provided value: " + delta);
    }
    Objects.requireNonNull(accountant, "accountant");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ε=%.3g (δ=%.3g, %s)", epsilon, delta, accountant);
  }
}
