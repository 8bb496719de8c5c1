package org.dpcgan.core.synth;

import java.util.Locale;

/**
 * Losses and wall time of one training epoch, means over its steps. A DP fit withholds the critic loss (NaN): it is
 * computed from the real rows without noise.
 *
 * @param epoch the epoch's number, from 1 (continuing a resumed model's count)
 * @param generatorLoss the generator's loss, conditional cross-entropy included
 * @param discriminatorLoss the critic's loss, gradient penalty included; NaN for a DP fit
 * @param seconds the epoch's wall time
 */
public record EpochStats(int epoch, double generatorLoss, double discriminatorLoss, double seconds) {
  @Override
  public String toString() {
    return Double.isNaN(discriminatorLoss)
        ? String.format(Locale.ROOT, "epoch %d: G %.4f, D withheld (DP: the critic loss reads the real rows"
            + " unnoised), %.2f s", epoch, generatorLoss, seconds)
        : String.format(Locale.ROOT, "epoch %d: G %.4f, D %.4f, %.2f s", epoch, generatorLoss, discriminatorLoss,
            seconds);
  }
}
