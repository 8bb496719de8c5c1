package org.dpcgan.privacy.accounting;

/**
 * An (ε, δ) guarantee and the Rényi order that gave it.
 *
 * @param epsilon ε &ge; 0 (may be +∞ when δ = 0 and anything was spent)
 * @param delta δ in [0, 1]
 * @param order the optimal Rényi order α, or NaN when no order applies (always for the PLD accountant)
 */
public record EpsilonDelta(double epsilon, double delta, double order) {
  @Override
  public String toString() {
    if (Double.isNaN(order)) {
      return String.format(java.util.Locale.ROOT, "ε=%.6g (δ=%.3g)", epsilon, delta);
    }
    return String.format(java.util.Locale.ROOT, "ε=%.6g (δ=%.3g, α=%s)", epsilon, delta, order);
  }
}
