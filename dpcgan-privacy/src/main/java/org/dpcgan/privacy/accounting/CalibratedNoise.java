package org.dpcgan.privacy.accounting;

/**
 * A noise multiplier found by {@link NoiseCalibration} and the privacy it spends.
 *
 * @param noiseMultiplier σ
 * @param spent the (ε, δ) that σ spends for the calibrated plan; ε never exceeds the target
 */
public record CalibratedNoise(double noiseMultiplier, EpsilonDelta spent) {
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "σ=%.7g → %s", noiseMultiplier, spent);
  }
}
