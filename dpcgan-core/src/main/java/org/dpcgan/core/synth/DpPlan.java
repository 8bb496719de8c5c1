package org.dpcgan.core.synth;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKey;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.gan.DpTraining;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.metadata.DpMetadata;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.PrivacyAccountant;
import org.dpcgan.privacy.ledger.PrivacyLedger;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a differentially private fit fixes before it reads a row (DESIGN.md §4), in the order the budget is spent:
 * δ; for a fresh fit the noisy metadata release ({@link DpMetadata}) with its share of the target ε (or of the ε the
 * planned critic steps spend at a given σ); σ of the critic steps, calibrated so that what came before composed with
 * all planned steps spends at most the target ε (or given, with as many steps as an ε cap allows); and where the
 * randomness that meets a real row comes from. After training, {@link #spent} adds the steps taken to the ledger
 * and refuses a model whose ε exceeds the target. A resumed fit releases no metadata and continues the model's
 * ledger.
 *
 * @param settings the builder's DP settings
 * @param delta δ of the whole fit
 * @param metadata the noisy histograms a fresh fit releases; empty when resuming
 * @param before the ledger before the critic steps: the metadata release, or the resumed model's ledger
 * @param metadataShare the share of ε the metadata got (the resumed model's, when resuming)
 * @param critic σ, q and the number of critic steps
 * @param sources the randomness that meets real rows
 */
record DpPlan(Synthesizer.DpSettings settings, double delta, Optional<MetadataRelease> metadata,
    PrivacyLedger before, double metadataShare, CriticSteps critic, Sources sources) {
  private static final Logger LOG = LoggerFactory.getLogger(DpPlan.class);
  private static final String CRITIC_STEPS = "critic steps";

  /** The noisy histograms of a fresh DP fit: how many, their noise and the event they are charged as. */
  record MetadataRelease(int histograms, double noiseStd, DpEvent event) {}

  /** The noise multiplier and the number of critic steps a fit takes. */
  record CriticSteps(double noiseMultiplier, double samplingRate, long planned, long max) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "critic: %d steps%s, q=%.5g, σ=%.5g", Math.min(planned, max),
          max < planned ? " of " + planned + " planned (the ε cap allows no more)" : "", samplingRate,
          noiseMultiplier);
    }
  }

  /**
   * Where everything random that meets a real row comes from: the noise, the Poisson sampling, the key of the DP
   * steps' row-keyed helper randomness and the encoding's mode draws. {@link SecureRandom} unless reproducible noise
   * was asked; the public seed then decides nothing about how rows are treated.
   */
  record Sources(GaussianNoise noise, RandomGenerator sampling, SecretKey helperKey, SplittableRandom encoding) {}

  /** The plan of a fresh DP fit of a table of {@code tableRows} rows. */
  static DpPlan fresh(Synthesizer synthesizer, Schema schema, int tableRows, RandomStreams streams) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    GanConfig config = synthesizer.ganConfig();
    int rows = checkRows(config, tableRows);
    double delta = delta(settings, rows);
    int histograms = DpMetadata.histogramCount(schema, synthesizer.conditioning().samplerMode());
    double std = DpMetadata.noiseStdFor(settings.metadataShare() * metadataBase(config, settings, delta, rows), delta,
        histograms, accountant(settings));
    MetadataRelease release = new MetadataRelease(histograms, std, DpMetadata.eventFor(std, histograms));
    PrivacyLedger before = PrivacyLedger.empty().record("metadata: noisy histograms", release.event());
    CriticSteps critic = criticSteps(config, settings, delta, rows, before);
    LOG.info(String.format(Locale.ROOT, "DP fit: %s; metadata: %d noisy histograms (std %.4g); %s", budget(settings,
        delta), histograms, std, critic));
    return new DpPlan(settings, delta, Optional.of(release), before, settings.metadataShare(), critic,
        sources(synthesizer, streams));
  }

  /** The plan of a DP fit that continues {@code from} on a table of {@code tableRows}, the model's row count. */
  static DpPlan resume(Synthesizer synthesizer, TrainedSynthesizer from, int tableRows, RandomStreams streams) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    PrivacySpent earlier = from.privacySpent().orElseThrow();
    int rows = checkRows(synthesizer.ganConfig(), tableRows);
    if (rows != from.provenance().rows()) {
      throw new IllegalArgumentException("a DP model resumes only on its own training table: the model was trained"
          + " on " + from.provenance().rows() + " rows and its ledger and sampling rate are about that table."
          + " Provided: a table of " + rows + " rows");
    }
    double delta = delta(settings, rows);
    CriticSteps critic = criticSteps(synthesizer.ganConfig(), settings, delta, rows, earlier.ledger());
    LOG.info(String.format(Locale.ROOT, "DP resume after ε=%.4g (δ=%.3g, %d critic steps): %s; %s",
        earlier.ledger().spent(delta, accountant(settings)).epsilon(), delta, earlier.dpSteps(), budget(settings,
            delta), critic));
    return new DpPlan(settings, delta, Optional.empty(), earlier.ledger(), earlier.metadataEpsilonShare(), critic,
        sources(synthesizer, streams));
  }

  /**
   * The noisy metadata of a fresh fit, released from the table's exact {@code counts} as planned.
   *
   * @throws IllegalStateException if the release is not the planned event (it cannot be: both count the schema)
   */
  DpMetadata releaseMetadata(Synthesizer synthesizer, DpMetadata.ExactCounts counts, RandomStreams streams) {
    MetadataRelease release = metadata.orElseThrow();
    DpMetadata released = counts.release(release.noiseStd(), sources.noise(), synthesizer.transformerOptions(),
        new SplittableRandom(streams.stream("transformer").nextLong()));
    if (!released.event().equals(release.event())) {
      throw new IllegalStateException("the metadata release is " + released.event() + ", not the planned "
          + release.event());
    }
    return released;
  }

  /** The trainer's DP settings: at most {@code maxSteps} critic steps, with {@code auditCanaries} one-run canaries. */
  DpTraining training(Optional<ConditionalSampler> generatorConditions, long maxSteps, int auditCanaries) {
    return new DpTraining(critic.noiseMultiplier(), settings.clipNorm(), sources.noise(), sources.sampling(),
        generatorConditions, maxSteps, sources.helperKey(), auditCanaries);
  }

  /** The trainer's DP settings for the planned steps. */
  DpTraining training(Optional<ConditionalSampler> generatorConditions) {
    return training(generatorConditions, critic.max(), 0);
  }

  /** The ledger after {@code dpSteps} critic steps. */
  PrivacyLedger ledgerAfter(long dpSteps) {
    return before.record(CRITIC_STEPS, DpEvent.dpSgd(critic.samplingRate(), critic.noiseMultiplier(), dpSteps));
  }

  /** ε of {@code ledger} at this plan's δ by the settings' accountant. */
  double epsilon(PrivacyLedger ledger) {
    return ledger.spent(delta, accountant(settings)).epsilon();
  }

  /**
   * What the fit spent after {@code dpSteps} critic steps, following {@code earlier}'s training when resumed.
   *
   * @throws IllegalStateException if ε exceeds the target (the plan prevents it: no unproven model is returned)
   */
  PrivacySpent spent(long dpSteps, Optional<PrivacySpent> earlier) {
    PrivacyLedger ledger = ledgerAfter(dpSteps);
    double epsilon = epsilon(ledger);
    if (settings.epsilon() != null && !(epsilon <= settings.epsilon())) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the DP fit spent ε=%.6g, above the target %.6g;"
          + " no model is returned", epsilon, settings.epsilon()));
    }
    long totalSteps = dpSteps + earlier.map(PrivacySpent::dpSteps).orElse(0L);
    boolean secure = sources.noise().isSecure() && earlier.map(PrivacySpent::secureNoise).orElse(true);
    return new PrivacySpent(epsilon, delta, settings.accountant(), critic.noiseMultiplier(), critic.samplingRate(),
        totalSteps, settings.clipNorm(), metadataShare, secure, ledger);
  }

  /**
   * The ε the metadata share is a share of: the target or cap, or, for a given σ without a cap, the ε that the
   * planned critic steps alone spend.
   */
  private static double metadataBase(GanConfig config, Synthesizer.DpSettings settings, double delta, int rows) {
    if (settings.epsilon() != null) {
      return settings.epsilon();
    }
    return accountant(settings).compose(DpEvent.dpSgd((double) config.batchSize() / rows,
        settings.noiseMultiplier(), config.plannedCriticSteps(rows))).epsilon(delta).epsilon();
  }

  private static CriticSteps criticSteps(GanConfig config, Synthesizer.DpSettings settings, double delta, int rows,
      PrivacyLedger before) {
    long plannedSteps = config.plannedCriticSteps(rows);
    double samplingRate = (double) config.batchSize() / rows;
    DpEvent spentBefore = before.asEvent();
    double spent = before.spent(delta, accountant(settings)).epsilon();
    if (settings.epsilon() != null && spent >= settings.epsilon()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is already"
          + " spent: %s spends ε=%.4g. Allowed: a total epsilon above %.4g (when resuming, epsilon is the budget of"
          + " all trainings together)", settings.epsilon(), delta, describe(before), spent, spent));
    }
    NoiseCalibration calibration = NoiseCalibration.withDefaults().withAccountant(accountant(settings));
    if (settings.noiseMultiplier() == null) {
      try {
        double sigma = calibration.noiseMultiplier(settings.epsilon(), delta, samplingRate, plannedSteps, spentBefore)
            .noiseMultiplier();
        return new CriticSteps(sigma, samplingRate, plannedSteps, plannedSteps);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is too small"
            + " for this training (%d critic steps at sampling rate %.4g after %s): %s", settings.epsilon(), delta,
            plannedSteps, samplingRate, describe(before), e.getMessage()), e);
      }
    }
    double sigma = settings.noiseMultiplier();
    if (settings.epsilon() == null) {
      return new CriticSteps(sigma, samplingRate, plannedSteps, plannedSteps);
    }
    long allowed = calibration.maxSteps(settings.epsilon(), delta, samplingRate, sigma, spentBefore);
    if (allowed < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is too small"
          + " for even one critic step at σ=%s and sampling rate %.4g after %s (which spends ε=%.4g). Allowed: a"
          + " larger epsilon or noise multiplier", settings.epsilon(), delta, sigma, samplingRate, describe(before),
          spent));
    }
    return new CriticSteps(sigma, samplingRate, plannedSteps, Math.min(allowed, plannedSteps));
  }

  private static Sources sources(Synthesizer synthesizer, RandomStreams streams) {
    if (!synthesizer.privacy().orElseThrow().reproducibleNoise()) {
      SecureRandom secure = new SecureRandom();
      return new Sources(GaussianNoise.secure(), secure, RandomStreams.secretKey(secure),
          new SplittableRandom(secure.nextLong()));
    }
    LOG.warn("DP fit with REPRODUCIBLE (insecure) noise, row sampling and helper randomness derived from seed {}: the"
        + " guarantee does not hold against anyone who knows the seed", synthesizer.seed());
    return new Sources(GaussianNoise.insecureSeeded(streams.stream("dp.noise").nextLong()),
        new SplittableRandom(streams.stream("dp.sampling").nextLong()), RandomStreams.insecureKey(synthesizer.seed(),
        "dp.key"), new SplittableRandom(streams.stream("encode").nextLong()));
  }

  /** The accountant the settings name, nothing spent. */
  private static PrivacyAccountant accountant(Synthesizer.DpSettings settings) {
    return Accountants.forName(settings.accountant());
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

  private static int checkRows(GanConfig config, int rows) {
    if (config.batchSize() > rows) {
      throw new IllegalArgumentException("batchSize must not exceed the number of rows (Poisson sampling rate"
          + " batchSize / rows must be <= 1). Provided: batchSize " + config.batchSize() + " for " + rows + " rows");
    }
    return rows;
  }

  private static String budget(Synthesizer.DpSettings settings, double delta) {
    return (settings.epsilon() == null ? "σ=" + settings.noiseMultiplier() + " (ε reported after training)"
        : settings.noiseMultiplier() == null ? "target ε=" + settings.epsilon()
        : "σ=" + settings.noiseMultiplier() + ", ε cap " + settings.epsilon()) + String.format(Locale.ROOT, ", δ=%.3g",
        delta);
  }

  private static String describe(PrivacyLedger before) {
    return before.entries().stream().map(PrivacyLedger.Entry::label).toList().toString();
  }
}
