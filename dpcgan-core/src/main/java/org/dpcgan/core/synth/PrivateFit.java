package org.dpcgan.core.synth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKey;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.ConditionalSampler;
import org.dpcgan.core.data.DataTransformer;
import org.dpcgan.core.data.DpMetadata;
import org.dpcgan.core.data.EncodedMatrix;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.gan.DpTraining;
import org.dpcgan.core.gan.GanConfig;
import org.dpcgan.core.gan.GanTrainer;
import org.dpcgan.core.random.RandomStreams;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.PrivacyAccountant;
import org.dpcgan.privacy.ledger.PrivacyLedger;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * The differentially private fit of {@link Synthesizer#dpCgan()} (DESIGN.md §4), in the order the budget is
 * spent: (1) the noisy histograms from which the transformer and the generator's condition frequencies are
 * derived ({@link DpMetadata}), with the metadata share of the target ε or with the given σ; (2) σ of the
 * critic steps, calibrated before any row is read so that the metadata event composed with all planned steps
 * spends at most the target ε (or given, with the number of steps the ε cap allows); (3) training with DP-SGD
 * critic steps ({@link DpTraining}); (4) the ledger of what was actually spent, whose ε is checked against the
 * target before the model is returned. A resumed fit ({@link Synthesizer#resume}) skips (1), reuses the
 * model's transformer and counts, and composes its steps after the model's ledger.
 */
final class PrivateFit {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFit.class);
  private static final String CRITIC_STEPS = "critic steps";

  private PrivateFit() {}

  static TrainedSynthesizer fit(Synthesizer synthesizer, Table table, Schema schema, RandomStreams streams,
      long start, Instant startedAt) {
    Prepared p = prepare(synthesizer, table, schema, streams);
    List<String> warnings = boundWarnings(table, schema);
    warnings.forEach(w -> LOG.warn("{}", w));
    return train(synthesizer, table, p.metadata().transformer(), p.metadata().sampler(), streams, p.plan(),
        p.sources(), p.before(), synthesizer.privacy().orElseThrow().metadataShare(), null, start, startedAt)
        .withFitWarnings(warnings);
  }

  /**
   * What a fresh DP fit decides and releases before its first critic step: the noisy metadata (transformer and
   * generator conditions), the plan of the critic steps, where its randomness comes from, and the ledger so far.
   */
  record Prepared(DpMetadata metadata, Plan plan, Sources sources, PrivacyLedger before) {}

  /** The noisy metadata, plan and sources of a fresh DP fit of {@code table} ({@link #fit} without the training). */
  static Prepared prepare(Synthesizer synthesizer, Table table, Schema schema, RandomStreams streams) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    int rows = checkRows(synthesizer.config(), table);
    double delta = delta(settings, rows);
    ConditionalSampler.Mode mode = synthesizer.conditioning().samplerMode();
    int histograms = DpMetadata.histogramCount(schema, mode);
    double metadataStd = DpMetadata.noiseStdFor(settings.metadataShare() * metadataBase(synthesizer, settings, delta,
        rows), delta, histograms, accountant(settings));
    DpEvent metadataEvent = DpMetadata.eventFor(metadataStd, histograms);
    PrivacyLedger before = PrivacyLedger.empty().record("metadata: noisy histograms", metadataEvent);
    Plan plan = plan(synthesizer, settings, delta, rows, before);
    Sources sources = sources(synthesizer, settings, streams);

    DpMetadata metadata = DpMetadata.estimate(table, schema, mode, metadataStd, sources.noise,
        synthesizer.transformerOptions(), new SplittableRandom(streams.stream("transformer").nextLong()));
    if (!metadata.event().equals(metadataEvent)) {
      throw new IllegalStateException("the metadata release is " + metadata.event() + ", not the planned "
          + metadataEvent);
    }
    LOG.info(String.format(Locale.ROOT, "DP fit: %s; metadata: %d noisy histograms (std %.4g); %s", budget(settings,
        delta), histograms, metadataStd, plan));
    return new Prepared(metadata, plan, sources, before);
  }

  static TrainedSynthesizer resume(Synthesizer synthesizer, TrainedSynthesizer from, Table table,
      RandomStreams streams, long start, Instant startedAt) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    PrivacySpent earlier = from.privacySpent().orElseThrow();
    int rows = checkRows(synthesizer.config(), table);
    if (rows != from.provenance().rows()) {
      throw new IllegalArgumentException("a DP model resumes only on its own training table: the model was trained"
          + " on " + from.provenance().rows() + " rows and its ledger and sampling rate are about that table."
          + " Provided: a table of " + rows + " rows");
    }
    double delta = delta(settings, rows);
    Plan plan = plan(synthesizer, settings, delta, rows, earlier.ledger());
    Sources sources = sources(synthesizer, settings, streams);
    LOG.info(String.format(Locale.ROOT, "DP resume after ε=%.4g (δ=%.3g, %d critic steps): %s; %s",
        earlier.ledger().spent(delta, accountant(settings)).epsilon(), delta, earlier.dpSteps(), budget(settings, delta), plan));
    return train(synthesizer, table, from.transformer(), from.conditionSampler(), streams, plan, sources,
        earlier.ledger(), earlier.metadataEpsilonShare(), from, start, startedAt);
  }

  /**
   * The ε the metadata share is a share of: the target or cap, or, for a given σ without a cap, the ε that the
   * planned critic steps alone spend.
   */
  private static double metadataBase(Synthesizer synthesizer, Synthesizer.DpSettings settings, double delta,
      int rows) {
    if (settings.epsilon() != null) {
      return settings.epsilon();
    }
    GanConfig config = synthesizer.config();
    return accountant(settings).compose(DpEvent.dpSgd((double) config.batchSize() / rows,
        settings.noiseMultiplier(), plannedSteps(config, rows))).epsilon(delta).epsilon();
  }

  private static long plannedSteps(GanConfig config, int rows) {
    return config.epochs() * Math.max(1L, rows / config.batchSize()) * config.discriminatorSteps();
  }

  /** The noise multiplier and the number of critic steps a fit takes, fixed before any row is read. */
  record Plan(double delta, double noiseMultiplier, double samplingRate, long plannedSteps, long maxSteps) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "critic: %d steps%s, q=%.5g, σ=%.5g", Math.min(plannedSteps, maxSteps),
          maxSteps < plannedSteps ? " of " + plannedSteps + " planned (the ε cap allows no more)" : "", samplingRate,
          noiseMultiplier);
    }
  }

  private static Plan plan(Synthesizer synthesizer, Synthesizer.DpSettings settings, double delta, int rows,
      PrivacyLedger before) {
    GanConfig config = synthesizer.config();
    long plannedSteps = plannedSteps(config, rows);
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
        return new Plan(delta, sigma, samplingRate, plannedSteps, plannedSteps);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is too small"
            + " for this training (%d critic steps at sampling rate %.4g after %s): %s", settings.epsilon(), delta,
            plannedSteps, samplingRate, describe(before), e.getMessage()), e);
      }
    }
    double sigma = settings.noiseMultiplier();
    if (settings.epsilon() == null) {
      return new Plan(delta, sigma, samplingRate, plannedSteps, plannedSteps);
    }
    long allowed = calibration.maxSteps(settings.epsilon(), delta, samplingRate, sigma, spentBefore);
    if (allowed < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the privacy budget ε=%s (δ=%.3g) is too small"
          + " for even one critic step at σ=%s and sampling rate %.4g after %s (which spends ε=%.4g). Allowed: a"
          + " larger epsilon or noise multiplier", settings.epsilon(), delta, sigma, samplingRate, describe(before),
          spent));
    }
    return new Plan(delta, sigma, samplingRate, plannedSteps, Math.min(allowed, plannedSteps));
  }

  /**
   * Where everything random that meets a real row comes from: the noise, the Poisson sampling, the key of the DP
   * steps' row-keyed helper randomness and the encoding's mode draws. {@link SecureRandom} unless reproducible noise
   * was asked; the public seed then decides nothing about how rows are treated.
   */
  record Sources(GaussianNoise noise, RandomGenerator sampling, SecretKey helperKey, SplittableRandom encoding) {}

  private static Sources sources(Synthesizer synthesizer, Synthesizer.DpSettings settings, RandomStreams streams) {
    if (!settings.reproducibleNoise()) {
      SecureRandom secure = new SecureRandom();
      return new Sources(GaussianNoise.secure(), secure, RandomStreams.secretKey(secure),
          new SplittableRandom(secure.nextLong()));
    }
    LOG.warn("DP fit with REPRODUCIBLE (insecure) noise, row sampling and helper randomness derived from seed {}: the"
        + " guarantee does not hold against anyone who knows the seed", synthesizer.seed());
    return new Sources(GaussianNoise.insecureSeeded(streams.stream("dp.noise").nextLong()),
        new SplittableRandom(streams.stream("dp.sampling").nextLong()), RandomStreams.insecureKey(synthesizer.seed(),
        "dp.key"),
        new SplittableRandom(streams.stream("encode").nextLong()));
  }

  /** Rows at most that may hold a declared bound before the bound looks read off the table. */
  static final int FEW_ROWS_AT_BOUND = 5;

  /**
   * A warning when declared numeric bounds other than 0 equal the table's own minimum or maximum, held by at most
   * {@value #FEW_ROWS_AT_BOUND} rows: such bounds look derived from the data, and the guarantee does not cover them.
   * For the data holder only (logged and shown by the fit, never written to the model: it is a statistic of the
   * rows).
   */
  static List<String> boundWarnings(Table table, Schema schema) {
    List<String> suspicious = new ArrayList<>();
    for (ColumnSpec spec : schema.columns()) {
      if (!spec.hasDeclaredBounds() || !(table.column(spec.name()) instanceof NumericColumn<?> column)) {
        continue;
      }
      List<String> which = new ArrayList<>();
      if (heldByFew(column, spec.lower())) {
        which.add("min " + plain(spec.lower()));
      }
      if (heldByFew(column, spec.upper())) {
        which.add("max " + plain(spec.upper()));
      }
      if (!which.isEmpty()) {
        suspicious.add(spec.name() + " (" + String.join(", ", which) + ")");
      }
    }
    if (suspicious.isEmpty()) {
      return List.of();
    }
    return List.of("declared bounds equal the table's own extreme values, held by at most " + FEW_ROWS_AT_BOUND
        + " rows: " + String.join(", ", suspicious) + ". They look derived from the data, which the (ε, δ) guarantee"
        + " does not cover (bounds are declared public); widen them from domain knowledge, rounded outward");
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * True when {@code bound} is the column's minimum or maximum and at most a few rows hold it. Zero, the natural
   * bound of counts, amounts and durations, never counts.
   */
  private static boolean heldByFew(NumericColumn<?> column, double bound) {
    if (bound == 0) {
      return false;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int atBound = 0;
    for (int r = 0; r < column.size(); r++) {
      if (column.isMissing(r)) {
        continue;
      }
      double v = column.getDouble(r);
      min = Math.min(min, v);
      max = Math.max(max, v);
      atBound += v == bound ? 1 : 0;
    }
    return (bound == min || bound == max) && atBound <= FEW_ROWS_AT_BOUND;
  }

  /** Encodes the rows, trains with DP critic steps, and returns the model with the ledger after them. */
  private static TrainedSynthesizer train(Synthesizer synthesizer, Table table, DataTransformer transformer,
      ConditionalSampler generatorConditions, RandomStreams streams, Plan plan, Sources sources,
      PrivacyLedger before, double metadataShare, TrainedSynthesizer from, long start, Instant startedAt) {
    Synthesizer.DpSettings settings = synthesizer.privacy().orElseThrow();
    double delta = plan.delta();
    EncodedMatrix encoded = transformer.transform(table, sources.encoding());
    ConditionalSampler rowConditions = generatorConditions == null ? null
        : ConditionalSampler.fromTable(transformer, table, synthesizer.conditioning().samplerMode());
    DpTraining training = new DpTraining(plan.noiseMultiplier(), settings.clipNorm(), sources.noise(),
        sources.sampling(), generatorConditions, plan.maxSteps(), sources.helperKey(), 0);
    GanTrainer.Result result = synthesizer.trainer().train(transformer.layout(), encoded,
        rowConditions, streams, synthesizer.listener(), training,
        from == null ? null : from.trainingState().orElseThrow());

    PrivacyLedger ledger = before.record(CRITIC_STEPS,
        DpEvent.dpSgd(plan.samplingRate(), plan.noiseMultiplier(), result.dpSteps()));
    double epsilon = ledger.spent(delta, accountant(settings)).epsilon();
    if (settings.epsilon() != null && !(epsilon <= settings.epsilon())) {
      // Cannot happen: the plan keeps the steps within the budget. Refuse to return an unproven model.
      throw new IllegalStateException(String.format(Locale.ROOT, "the DP fit spent ε=%.6g, above the target %.6g;"
          + " no model is returned", epsilon, settings.epsilon()));
    }
    long totalSteps = result.dpSteps() + (from == null ? 0 : from.privacySpent().orElseThrow().dpSteps());
    boolean secure = sources.noise().isSecure() && (from == null || from.privacySpent().orElseThrow().secureNoise());
    PrivacySpent spent = new PrivacySpent(epsilon, delta, settings.accountant(), plan.noiseMultiplier(), plan.samplingRate(),
        totalSteps, settings.clipNorm(), metadataShare, secure, ledger);
    Synthesizer.ConditionCounts counts = generatorConditions == null ? null
        : new Synthesizer.ConditionCounts(generatorConditions.columnCounts(), generatorConditions.pairCounts());
    Provenance provenance = synthesizer.provenance("dp-cgan", from, result, table, start, startedAt);
    List<GanTrainer.EpochStats> history = from == null ? result.history()
        : Synthesizer.continuedHistory(from, result.history());
    return new TrainedSynthesizer(synthesizer.schema().orElseThrow(), transformer, counts, result.state(), history,
        provenance, spent);
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

  private static int checkRows(GanConfig config, Table table) {
    int rows = table.rowCount();
    if (rows == 0) {
      throw new IllegalArgumentException("cannot fit a synthesizer to an empty table '" + table.name() + "' (0 rows)");
    }
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
