package org.dpcgan.core.synth;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.gan.TrainingRequest;
import org.dpcgan.core.internal.metadata.DpMetadata;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * The one path of a table through {@link Synthesizer#fit}, private or not, fresh or resumed:
 *
 * <ol>
 *   <li>the schema: declared, or inferred for a non-private fit; and, for a DP fit, the {@link DpPlan} (δ, the metadata
 *       release, σ and the critic steps), fixed before any row is read;
 *   <li>the metadata, the transformer and the generator's condition frequencies: fitted on the rows (non-private),
 *       estimated from noisy histograms ({@link DpMetadata}), or the resumed model's;
 *   <li>the rows encoded, and a sampler over their own categories (tables with discrete columns);
 *   <li>training ({@link GanTrainer}), continuing the resumed model's state;
 *   <li>the model: condition counts (never rows), provenance, the loss history and, for DP, what was spent.
 * </ol>
 */
final class Fit {
  private static final Logger LOG = LoggerFactory.getLogger(Fit.class);
  /** Rows at most that may hold a declared bound before the bound looks read off the table. */
  static final int FEW_ROWS_AT_BOUND = 5;

  private Fit() {}

  /** Fits {@code synthesizer} (adapted to the table's size) to the rows of {@code data}. */
  static TrainedSynthesizer run(Synthesizer synthesizer, TrainingData data) {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Optional<TrainedSynthesizer> from = synthesizer.resumesFrom();
    Schema schema = from.isPresent() ? synthesizer.schema().orElseThrow() : schemaOf(synthesizer, data);
    int rows = data.rows();
    if (rows == 0) {
      throw new IllegalArgumentException("cannot fit a synthesizer to an empty table '" + data.name() + "' (0 rows)");
    }
    Synthesizer fit = synthesizer.adaptedTo(rows);
    if (fit.privacy().isPresent() && fit.ganConfig().batchSize() > rows) {
      int batch = fit.ganConfig().batchSize();
      throw new IllegalArgumentException("the batch size " + batch + " is larger than the " + rows + " rows of "
          + data.name() + ": a DP fit samples each row with probability batch size / rows, which must be at most 1."
          + " Choose a batch size of at most " + rows + " (batchSize(...); --batch-size on the command line; well"
          + " below it for privacy amplification), or leave it out: the default adapts to small tables");
    }
    RandomStreams streams = from.isPresent() ? fit.resumedStreams() : RandomStreams.of(fit.seed());
    Optional<DpPlan> dp = fit.privacy().map(settings -> from.isPresent()
        ? DpPlan.resume(fit, from.get(), rows, streams) : DpPlan.fresh(fit, schema, rows, streams));

    Metadata metadata = metadata(fit, data, schema, streams, dp, from);   // the first read of the rows
    DataTransformer transformer = metadata.transformer();
    TrainingRows encoded = encode(transformer, schema, data, dp.map(p -> p.sources().encoding())
        .orElseGet(() -> new SplittableRandom(streams.stream("encode").nextLong())));
    Optional<ConditionalSampler> rowConditions = transformer.layout().discreteColumns().isEmpty() ? Optional.empty()
        : Optional.of(ConditionalSampler.fromRows(transformer.layout(), encoded, fit.conditioning().samplerMode()));
    // The generator's conditions: the rows' own frequencies without DP; under DP the noisy (or resumed) counts.
    Optional<ConditionalSampler> generatorConditions = dp.isPresent() ? metadata.noisyConditions() : rowConditions;

    fit.trainingStarts();
    GanTrainer.Result result = fit.trainer().train(new TrainingRequest(transformer.layout(), encoded, streams,
        rowConditions, dp.map(p -> p.training(generatorConditions)),
        from.map(m -> m.trainingState().orElseThrow()), fit.listener()));

    // Keep counts only: the row sampler indexes training rows, which the model must not carry.
    Optional<Synthesizer.ConditionCounts> counts = generatorConditions
        .map(c -> new Synthesizer.ConditionCounts(c.columnCounts(), c.pairCounts()));
    Optional<PrivacySpent> spent =
        dp.map(p -> p.spent(result.dpSteps(), from.flatMap(TrainedSynthesizer::privacySpent)));
    List<EpochStats> history = history(from, result.history());
    GanConfig trained = fit.ganConfig().withEpochs(history.size());
    Provenance provenance = provenance(fit, dp.isPresent() ? "dp-cgan" : "ctgan", trained, from, data,
        schema.columns().size(), start, startedAt);
    return new TrainedSynthesizer(new TrainedSynthesizer.Model(schema, transformer, counts, metadata.released(),
        result.generator(), Optional.of(result.state()), history, provenance, trained, spent, metadata.warnings()));
  }

  /** Every row of {@code data} checked against the schema and encoded, a chunk at a time, into the compact store. */
  private static TrainingRows encode(DataTransformer transformer, Schema schema, TrainingData data,
      RandomGenerator rng) {
    TrainingRows encoded = transformer.emptyRows(data.rows());
    int[] next = {0};
    data.forEachChunk(chunk -> {
      DataTransformer.checkColumns(chunk, schema, next[0]);
      transformer.encodeInto(encoded, next[0], chunk, rng);
      next[0] += chunk.rowCount();
    });
    return encoded;
  }

  /**
   * The transformer and, under DP, the generator's noisy condition frequencies, with the warnings their estimate
   * raised for the data holder.
   */
  private record Metadata(DataTransformer transformer, Optional<ConditionalSampler> noisyConditions,
      Optional<Synthesizer.ReleasedCounts> released, List<String> warnings) {}

  /** The resumed model's metadata, the noisy histograms' (DP), or the transformer fitted on the rows. */
  private static Metadata metadata(Synthesizer fit, TrainingData data, Schema schema, RandomStreams streams,
      Optional<DpPlan> dp, Optional<TrainedSynthesizer> from) {
    if (from.isPresent()) {
      return new Metadata(from.get().transformer(), Optional.ofNullable(from.get().conditionSampler()),
          from.get().model().released(), List.of());
    }
    if (dp.isPresent()) {
      Counted counted = data.aggregate(new Counting(schema, fit.conditioning().samplerMode(),
          fit.transformerOptions().maxLevels()));
      if (counted.counts().rows() != data.rows()) {
        throw new IllegalStateException(data.name() + " changed while the fit read it: " + data.rows()
            + " rows, then " + counted.counts().rows());
      }
      DpMetadata released = dp.get().releaseMetadata(fit, counted.counts(), streams);
      List<String> warnings = counted.bounds().warnings();
      warnings.forEach(w -> LOG.warn("{}", w));
      return new Metadata(released.transformer(), Optional.ofNullable(released.sampler()),
          Optional.of(Synthesizer.ReleasedCounts.of(released)), warnings);
    }
    DataTransformer.Fitter fitter = DataTransformer.fitter(schema, fit.transformerOptions(),
        new SplittableRandom(streams.stream("transformer.sample").nextLong()));
    data.forEachChunk(fitter::add);
    return new Metadata(fitter.finish(new SplittableRandom(streams.stream("transformer").nextLong())),
        Optional.empty(), Optional.empty(), List.of());
  }

  /** A DP fit's exact histograms and bound statistics of the rows, before any noise. */
  record Counted(DpMetadata.ExactCounts counts, BoundCheck bounds) implements Serializable {}

  /** Counts the rows for the metadata release, a chunk (or, on a cluster, a part of the table) at a time. */
  record Counting(Schema schema, ConditionalSampler.Mode mode, int maxLevels)
      implements TableSource.Aggregation<Counted> {
    @Override
    public Counted zero() {
      return new Counted(DpMetadata.count(schema, mode, maxLevels), new BoundCheck(schema));
    }

    @Override
    public void add(Counted accumulator, Table chunk) {
      accumulator.counts().add(chunk);
      accumulator.bounds().add(chunk);
    }

    @Override
    public Counted merge(Counted a, Counted b) {
      a.counts().merge(b.counts());
      a.bounds().merge(b.bounds());
      return a;
    }
  }

  /** The facade's statistics of a trainer's epoch. */
  static EpochStats epochStats(GanTrainer.EpochStats e) {
    return new EpochStats(e.epoch(), e.generatorLoss(), e.discriminatorLoss(), e.seconds());
  }

  /** The declared schema, or one inferred from the rows (and logged) for a non-private fit. */
  private static Schema schemaOf(Synthesizer synthesizer, TrainingData data) {
    if (synthesizer.schema().isPresent()) {
      return synthesizer.schema().get();
    }
    if (synthesizer.privacy().isPresent()) {
      throw new IllegalArgumentException("a DP fit needs a declared schema with public bounds and levels (a sidecar"
          + " or Schema.builder(), passed with .schema(...)): inferring one would read the rows without charging"
          + " the privacy budget");
    }
    SchemaInference inferred = data.inferSchema();
    LOG.info("no schema given; inferred one (declare it with .schema(...) or a sidecar to override):{}{}",
        System.lineSeparator(), inferred.explanation());
    return inferred.schema();
  }

  /** The earlier model's history followed by this training's epochs, numbered on from it. */
  private static List<EpochStats> history(Optional<TrainedSynthesizer> from, List<GanTrainer.EpochStats> added) {
    List<EpochStats> out = new ArrayList<>(from.map(TrainedSynthesizer::lossHistory).orElse(List.of()));
    int offset = out.size();
    for (GanTrainer.EpochStats e : added) {
      out.add(new EpochStats(offset + e.epoch(), e.generatorLoss(), e.discriminatorLoss(), e.seconds()));
    }
    return out;
  }

  /**
   * Where a model came from: the settings {@code trained} (epochs: those trained in all, the earlier model's and this
   * fit's), the fit time likewise summed, and the earlier model's start time when resumed.
   */
  private static Provenance provenance(Synthesizer fit, String algorithm, GanConfig trained,
      Optional<TrainedSynthesizer> from, TrainingData data, int columns, long start, Instant startedAt) {
    double seconds = (System.nanoTime() - start) / 1e9;
    if (from.isPresent()) {
      seconds += from.get().provenance().fitSeconds();
      startedAt = from.get().provenance().startedAt();
    }
    return new Provenance(algorithm, Synthesizer.libraryVersion(), fit.seed(), TrainingSettings.of(trained),
        fit.conditioning(), data.rows(), columns, seconds, startedAt, Instant.now());
  }

  /**
   * A warning when declared numeric bounds other than 0 equal the table's own minimum or maximum, held by at most
   * {@value #FEW_ROWS_AT_BOUND} rows: such bounds look derived from the data, and the guarantee does not cover them.
   * For the data holder only (logged and shown by the fit, never written to the model: it is a statistic of the
   * rows). Zero, the natural bound of counts, amounts and durations, never counts. Fed a chunk of rows at a time.
   */
  static final class BoundCheck implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<ColumnSpec> columns = new ArrayList<>(); // numeric columns with declared bounds
    private final double[] min;
    private final double[] max;
    private final long[] atLower;
    private final long[] atUpper;

    BoundCheck(Schema schema) {
      schema.columns().stream().filter(ColumnSpec::hasDeclaredBounds).forEach(columns::add);
      min = new double[columns.size()];
      max = new double[columns.size()];
      atLower = new long[columns.size()];
      atUpper = new long[columns.size()];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(Table chunk) {
      for (int k = 0; k < columns.size(); k++) {
        ColumnSpec spec = columns.get(k);
        if (!(chunk.column(spec.name()) instanceof NumericColumn<?> column)) {
          continue;
        }
        for (int r = 0; r < column.size(); r++) {
          if (column.isMissing(r)) {
            continue;
          }
          double v = column.getDouble(r);
          min[k] = Math.min(min[k], v);
          max[k] = Math.max(max[k], v);
          atLower[k] += v == spec.lower() ? 1 : 0;
          atUpper[k] += v == spec.upper() ? 1 : 0;
        }
      }
    }

    /** Adds the statistics of {@code other}, of the same schema, into these. */
    void merge(BoundCheck other) {
      for (int k = 0; k < columns.size(); k++) {
        min[k] = Math.min(min[k], other.min[k]);
        max[k] = Math.max(max[k], other.max[k]);
        atLower[k] += other.atLower[k];
        atUpper[k] += other.atUpper[k];
      }
    }

    List<String> warnings() {
      List<String> suspicious = new ArrayList<>();
      for (int k = 0; k < columns.size(); k++) {
        ColumnSpec spec = columns.get(k);
        List<String> which = new ArrayList<>();
        if (heldByFew(spec.lower(), k, atLower[k])) {
          which.add("min " + plain(spec.lower()));
        }
        if (heldByFew(spec.upper(), k, atUpper[k])) {
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
          + " rows: " + String.join(", ", suspicious) + ". They look derived from the data, which the (ε, δ)"
          + " guarantee does not cover (bounds are declared public); widen them from domain knowledge, rounded"
          + " outward");
    }

    /** True when {@code bound} (not 0) is column {@code k}'s minimum or maximum and at most a few rows hold it. */
    private boolean heldByFew(double bound, int k, long atBound) {
      return bound != 0 && (bound == min[k] || bound == max[k]) && atBound <= FEW_ROWS_AT_BOUND;
    }
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
