package org.dpcgan.core.internal.gan;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKey;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.privacy.noise.GaussianNoise;

/**
 * How the critic reads real rows in a differentially private training (DESIGN.md §4.2; DP-SGD of Abadi et al.,
 * CCS 2016): every critic step Poisson-samples rows with rate q = batchSize / N, takes each sampled row's
 * condition from the row itself, pairs it with one generated row under the same condition, computes the
 * gradient of that row's whole critic loss (real term, fake term and gradient penalty on their interpolate),
 * clips it to L2 norm {@code clipNorm}, sums, adds N(0, σ²C²) to every coordinate and divides by the expected
 * batch size. Each step is the event {@code DpEvent.dpSgd(q, σ, 1)}.
 *
 * <p>Independence (DESIGN.md §4.2): each row's clipped term may depend only on the row and on randomness that does
 * not depend on the data. The row's condition column, its partner's latent and Gumbel noise, its dropout masks and
 * its interpolation weight come from a row-keyed stream ({@link org.dpcgan.core.internal.random.RandomStream#rowKeyed}) of
 * {@code helperKey}, the step and the row's index alone; the partner is generated with the generator's running
 * batch-norm statistics (no batch statistics over the sampled rows), which only the generator steps, on conditions
 * drawn from the noisy counts, update.
 *
 * <p>Packing: the critic must use {@code pac = 1}. With packs of several rows, adding one row can change the
 * pack it joins (a clipped pack gradient moves by up to 2C) and, depending on how packs are formed, shift the
 * composition of other packs; one row per pack keeps the sensitivity at C.
 *
 * @param noiseMultiplier σ, finite and &gt; 0
 * @param clipNorm C, finite and &gt; 0
 * @param noise the Gaussian noise source ({@link GaussianNoise#secure()} unless a test asks otherwise)
 * @param sampling the randomness of the Poisson sampling, which must be unpredictable to an adversary (e.g.
 *     a {@link java.security.SecureRandom})
 * @param generatorConditions the sampler of the generator's conditions, built from noisy (or public) counts
 *     with {@link ConditionalSampler#fromCounts}; empty for a table without discrete columns
 * @param maxSteps the most critic steps the privacy budget allows, &ge; 1: training stops when they are taken
 *     ({@link Long#MAX_VALUE} when the planned steps are what the budget was calibrated for)
 * @param helperKey the AES key of the steps' row-keyed helper randomness: drawn from the secure source and never
 *     written anywhere (from the seed only for reproducible, insecure noise)
 * @param auditCanaries gradient-space canaries of a one-run privacy audit inserted into every step
 *     ({@link org.dpcgan.privacy.clipping.OneRunAudit}); 0 for a training that is not an audit
 */
public record DpTraining(double noiseMultiplier, double clipNorm, GaussianNoise noise, RandomGenerator sampling,
    Optional<ConditionalSampler> generatorConditions, long maxSteps, SecretKey helperKey, int auditCanaries) {

  /** DP training that takes every planned step (σ was calibrated for them), with a secret key from {@code sampling}. */
  public DpTraining(double noiseMultiplier, double clipNorm, GaussianNoise noise, RandomGenerator sampling,
      Optional<ConditionalSampler> generatorConditions) {
    this(noiseMultiplier, clipNorm, noise, sampling, generatorConditions, Long.MAX_VALUE,
        RandomStreams.secretKey(sampling), 0);
  }

  public DpTraining {
    if (!(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be finite and > 0. Provided value: " + noiseMultiplier);
    }
    if (!(Double.isFinite(clipNorm) && clipNorm > 0)) {
      throw new IllegalArgumentException("clipNorm must be finite and > 0. Provided value: " + clipNorm);
    }
    if (noise == null || sampling == null || helperKey == null) {
      throw new IllegalArgumentException("noise, sampling and helperKey must not be null");
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1. Provided value: " + maxSteps);
    }
    if (auditCanaries < 0) {
      throw new IllegalArgumentException("auditCanaries must be >= 0. Provided value: " + auditCanaries);
    }
    Objects.requireNonNull(generatorConditions, "generatorConditions");
    if (generatorConditions.isPresent() && generatorConditions.get().hasRows()) {
      throw new IllegalArgumentException("the generator's condition sampler must be built from counts (fromCounts),"
          + " not from the training rows: under DP it may only use noisy or public frequencies");
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DpTraining[σ=%.4g, C=%.3g, %s noise%s]", noiseMultiplier, clipNorm,
        noise.isSecure() ? "secure" : "INSECURE seeded", (maxSteps == Long.MAX_VALUE ? "" : ", at most " + maxSteps
            + " steps") + (auditCanaries == 0 ? "" : ", " + auditCanaries + " audit canaries"));
  }
}
