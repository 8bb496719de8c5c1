package org.dpcgan.core.synth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ConditionalSampler;
import org.dpcgan.core.data.DpMetadata;
import org.dpcgan.core.data.EncodedMatrix;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.TransformerOptions;
import org.dpcgan.core.gan.DpTraining;
import org.dpcgan.core.gan.GanConfig;
import org.dpcgan.core.gan.GanTrainer;
import org.dpcgan.core.random.RandomStreams;
import org.dpcgan.privacy.accounting.CalibratedNoise;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.ledger.PrivacyLedger;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

/**
 * The differentially private fit of {@link Synthesizer#dpCgan()} (DESIGN.md §4), in the order the budget is
 * spent: (1) the metadata share of ε buys the noisy histograms from which the transformer and the generator's
 * condition frequencies are derived ({@link DpMetadata}); (2) σ of the critic steps is calibrated so that the
 * metadata event composed with all planned steps spends at most the target ε at δ; (3) training with DP-SGD
 * critic steps ({@link DpTraining}); (4) the ledger of what was actually spent, whose ε is checked against the
 * target before the model is returned.
 */
final class PrivateFit {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFit.class);

  private PrivateFit() {}

  static TrainedSynthesizer fit(Synthesizer synthesizer, Table table, Schema schema, RandomStreams streams,
      long start, Instant startedAt) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    GanConfig config = synthesizer.config();
    int rows = table.rowCount();
    if (rows == 0) {
      throw new IllegalArgumentException("cannot fit a synthesizer to an empty table '" + table.name() + "' (0 rows)");
    }
    if (config.batchSize() > rows) {
      throw new IllegalArgumentException("batchSize must not exceed the number of rows (Poisson sampling rate"
          + " batchSize / rows must be <= 1). Provided: batchSize " + config.batchSize() + " for " + rows + " rows");
    }
    double delta = delta(settings, rows);
    ConditionalSampler.Mode mode = synthesizer.conditioning().samplerMode();
    int histograms = DpMetadata.histogramCount(schema, mode);
    double metadataStd = DpMetadata.noiseStdFor(settings.metadataShare() * settings.epsilon(), delta, histograms);

    long stepsPerEpoch = Math.max(1, rows / config.batchSize());
    long plannedSteps = config.epochs() * stepsPerEpoch * config.discriminatorSteps();
    double samplingRate = (double) config.batchSize() / rows;

    GaussianNoise noise;
    RandomGenerator sampling;
    if (settings.reproducibleNoise()) {
      LOG.warn("DP fit with REPRODUCIBLE (insecure) noise and row sampling derived from seed {}: the guarantee does"
          + " not hold against anyone who knows the seed", synthesizer.seed());
      noise = GaussianNoise.insecureSeeded(streams.stream("dp.noise").nextLong());
      sampling = new SplittableRandom(streams.stream("dp.sampling").nextLong());
    } else {
      noise = GaussianNoise.secure();
      sampling = new SecureRandom();
    }

    DpMetadata metadata = DpMetadata.estimate(table, schema, mode, metadataStd, noise, TransformerOptions.defaults(),
        new SplittableRandom(streams.stream("transformer").nextLong()));
    CalibratedNoise calibrated = calibrate(settings, delta, samplingRate, plannedSteps, metadata.event());
    LOG.info(String.format(Locale.ROOT, "DP fit: ε=%.4g, δ=%.3g; metadata: %d noisy histograms (std %.4g);"
            + " critic: %d steps, q=%.5g, σ=%.5g, C=%.3g", settings.epsilon(), delta, histograms, metadataStd,
        plannedSteps, samplingRate, calibrated.noiseMultiplier(), settings.clipNorm()));

    EncodedMatrix encoded = metadata.transformer().transform(table,
        new SplittableRandom(streams.stream("encode").nextLong()));
    ConditionalSampler rowConditions = metadata.sampler() == null ? null
        : ConditionalSampler.fromTable(metadata.transformer(), table, mode);
    DpTraining training = new DpTraining(calibrated.noiseMultiplier(), settings.clipNorm(), noise, sampling,
        metadata.sampler());
    GanTrainer.Result result = new GanTrainer(config).train(metadata.transformer().layout(), encoded, rowConditions,
        streams, synthesizer.listener(), training);

    PrivacyLedger ledger = PrivacyLedger.empty()
        .record("metadata: noisy histograms", metadata.event())
        .record("critic steps", DpEvent.dpSgd(samplingRate, calibrated.noiseMultiplier(), result.dpSteps()));
    double epsilon = ledger.spent(delta).epsilon();
    if (!(epsilon <= settings.epsilon())) {
      // Cannot happen when the trainer takes the planned steps; refuse to return an unproven model.
      throw new IllegalStateException(String.format(Locale.ROOT, "the DP fit spent ε=%.6g, above the target %.6g;"
          + " no model is returned", epsilon, settings.epsilon()));
    }
    PrivacySpent spent = new PrivacySpent(epsilon, delta, "rdp", calibrated.noiseMultiplier(), samplingRate,
        result.dpSteps(), settings.clipNorm(), settings.metadataShare(), noise.isSecure(), ledger);
    Synthesizer.ConditionCounts counts = metadata.sampler() == null ? null
        : new Synthesizer.ConditionCounts(metadata.sampler().columnCounts(), metadata.sampler().pairCounts());
    Provenance provenance = new Provenance("dp-cgan", Synthesizer.libraryVersion(), synthesizer.seed(), config,
        synthesizer.conditioning(), rows, table.columnCount(), (System.nanoTime() - start) / 1e9, startedAt,
        Instant.now());
    return new TrainedSynthesizer(schema, metadata.transformer(), counts, result.generator(), result.history(),
        provenance, spent);
  }

  /** The given δ, or {@code min(1e-5, 1/(10·N))}; a δ of at least 1/N is allowed but warned about. */
  static double delta(Synthesizer.DpSettings settings, int rows) {
    if (settings.delta() == null) {
      return Math.min(1e-5, 1.0 / (10.0 * rows));
    }
    double delta = settings.delta();
    if (delta >= 1.0 / rows) {
      LOG.warn("delta {} is at least 1/rows = {}: a mechanism that publishes one random row in full would meet"
          + " it; choose delta well below 1/rows", delta, 1.0 / rows);
    }
    return delta;
  }

  private static CalibratedNoise calibrate(Synthesizer.DpSettings settings, double delta, double samplingRate,
      long steps, DpEvent metadata) {
    try {
      return NoiseCalibration.withDefaults().noiseMultiplier(settings.epsilon(), delta, samplingRate, steps, metadata);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is too small"
          + " for this training (%d critic steps at sampling rate %.4g after the metadata's share %s): %s",
          settings.epsilon(), delta, steps, samplingRate, settings.metadataShare(), e.getMessage()), e);
    }
  }
}
