package org.dpcgan.core.synth;

import java.util.Locale;
import java.util.Objects;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.ledger.PrivacyLedger;

/**
 * The (ε, δ)-differential-privacy guarantee a trained model gives about each row of its training table, and
 * how it was spent. Only models trained with differential privacy have one; non-private models report none.
 * ε is what {@link #accountant} gives for the whole {@link #ledger} at δ: every read of the training rows is in the
 * ledger. Models trained since the PLD accountant became the default say {@code "pld"}; older ones {@code "rdp"}.
 *
 * @param epsilon ε, finite and &gt; 0
 * @param delta δ, in (0, 1)
 * @param accountant the accountant that computed ε: {@code "pld"} (privacy loss distribution) or {@code "rdp"}
 * @param noiseMultiplier σ of the critic steps (noise standard deviation σ·C); of the latest training when the
 *     model was resumed with another σ (the ledger lists every part)
 * @param samplingRate q of the critic steps' Poisson sampling (expected batch size / rows); of the latest
 *     training likewise
 * @param dpSteps critic steps that read real rows, over every training of the model
 * @param clipNorm C, the L2 bound of each row's critic gradient (of the latest training)
 * @param metadataEpsilonShare the share of the target ε given to the noisy metadata histograms (when σ was
 *     given without a target, the share of the ε the planned critic steps alone spend)
 * @param secureNoise whether the noise came from the cryptographically secure source (false: an explicit,
 *     reproducible opt-out that voids the guarantee against anyone who knows the seed)
 * @param ledger every event that read the training rows
 */
public record PrivacySpent(double epsilon, double delta, String accountant, double noiseMultiplier,
    double samplingRate, long dpSteps, double clipNorm, double metadataEpsilonShare, boolean secureNoise,
    PrivacyLedger ledger) {
  public PrivacySpent {
    if (!Double.isFinite(epsilon) || epsilon <= 0) {
      throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
    }
    Objects.requireNonNull(accountant, "accountant");
    Objects.requireNonNull(ledger, "ledger");
  }

  /**
   * ε of the same ledger by the RDP accountant, for comparison: both are valid bounds; RDP's is the larger in every
   * setting dpcgan trains with (PLD loses its edge only below δ = 1e-12 or beyond about 10^12 steps).
   */
  public double epsilonRdp() {
    return ledger.spent(delta, Accountants.rdp()).epsilon();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ε=%.3g (δ=%.3g, %s; σ=%.3g, q=%.3g, %d steps, C=%.3g%s)", epsilon, delta,
        accountant, noiseMultiplier, samplingRate, dpSteps, clipNorm, secureNoise ? "" : ", INSECURE seeded noise");
  }
}
