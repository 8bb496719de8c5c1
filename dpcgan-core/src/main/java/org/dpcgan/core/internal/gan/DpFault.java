package org.dpcgan.core.internal.gan;

import org.dpcgan.privacy.clipping.DpSgdAggregator;

/**
 * A deliberately broken DP critic step, for the tests that show the audits catch it ({@code DpAuditTest}). Package
 * private: no fit can be made with one.
 */
enum DpFault {
  /** The step as built. */
  NONE,
  /** Per-row gradients summed without clipping (the noise stays σC). */
  NO_CLIPPING,
  /** Noise σ/2 where the accountant charges σ. */
  HALF_NOISE,
  /** Partners generated with the batch's own batch-norm statistics: every row's term depends on the whole sample. */
  BATCH_NORM_COUPLING,
  /** Helper randomness drawn in order from one stream, not row-keyed: a row added shifts the later rows' draws. */
  POSITIONAL_RANDOMNESS;

  /** The aggregator of a step with this fault: C, σ and the expected batch {@code batch} of {@code population} rows. */
  DpSgdAggregator aggregator(DpTraining dp, int batch, int population) {
    double clip = dp.clipNorm();
    double sigma = dp.noiseMultiplier();
    return switch (this) {
      case NO_CLIPPING -> new DpSgdAggregator(clip * 1e12, sigma / 1e12, batch, population, dp.noise());
      case HALF_NOISE -> new DpSgdAggregator(clip, sigma / 2, batch, population, dp.noise());
      case NONE, BATCH_NORM_COUPLING, POSITIONAL_RANDOMNESS -> new DpSgdAggregator(clip, sigma, batch, population, dp.noise());
    };
  }
}
