package org.dpcgan.core.synth;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ConditionalSampler;
import org.dpcgan.core.data.DataTransformer;
import org.dpcgan.core.data.EncodedMatrix;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.TransformerOptions;
import org.dpcgan.core.gan.GanConfig;
import org.dpcgan.core.gan.GanTrainer;
import org.dpcgan.core.random.RandomStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

/**
 * A reusable, immutable configuration of the non-private conditional tabular GAN CTGAN (Xu et al. 2019,
 * "Modeling Tabular Data using Conditional GAN", NeurIPS): mode-specific normalisation of numeric columns,
 * training-by-sampling with condition vectors, a residual generator with Gumbel-softmax heads and a packed
 * WGAN-GP critic (Gulrajani et al. 2017).
 *
 * <pre>{@code
 * var model = Synthesizer.ctgan().epochs(300).seed(42).build().fit(table);
 * Table fake = model.sample(10_000);
 * }</pre>
 *
 * <p>{@link #fit} may be called any number of times: each fit derives its own random
 * streams from the seed and creates its own networks and optimiser state, so the same configuration and
 * table give bit-identical models (same backend). This model is not differentially private: its
 * {@link TrainedSynthesizer#privacySpent()} is empty.
 */
public final class Synthesizer {
  private static final Logger LOG = LoggerFactory.getLogger(Synthesizer.class);

  /** The seed used when none is given, so that an unseeded configuration is still reproducible. */
  public static final long DEFAULT_SEED = 12345L;

  private final GanConfig config;
  private final long seed;
  private final Conditioning conditioning;
  private final Schema schema;
  private final GanTrainer.Listener listener;

  private Synthesizer(Builder b, GanConfig config) {
    this.config = config;
    this.seed = b.seed;
    this.conditioning = b.conditioning;
    this.schema = b.schema;
    this.listener = b.listener;
  }

  /** A builder with CTGAN's defaults (300 epochs, batch 500, pac 10, widths 256×2, single conditions). */
  public static Builder ctgan() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = config.epochs();
    b.batchSize = config.batchSize();
    b.pac = config.pac();
    b.discriminatorSteps = config.discriminatorSteps();
    b.latentWidth = config.latentWidth();
    b.generatorWidths = config.generatorWidths();
    b.discriminatorWidths = config.discriminatorWidths();
    b.seed = seed;
    b.conditioning = conditioning;
    b.schema = schema;
    b.listener = listener;
    return b;
  }

  /** The network and training settings. */
  public GanConfig config() {
    return config;
  }

  public long seed() {
    return seed;
  }

  public Conditioning conditioning() {
    return conditioning;
  }

  /** The schema given to the builder; empty when {@link #fit} infers one from the table. */
  public Optional<Schema> schema() {
    return Optional.ofNullable(schema);
  }

  /**
   * Trains a model on {@code table}: fits the data transformer, encodes the rows, trains the GAN and keeps
   * what sampling needs (column models, condition counts, generator). The returned model holds no rows.
   *
   * @throws IllegalArgumentException on an empty table, a table that does not match the schema, or pair
   *     conditioning on a table with fewer than two discrete columns
   */
  public TrainedSynthesizer fit(Table table) {
    if (table == null) {
      throw new IllegalArgumentException("table must not be null");
    }
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Schema used = schema;
    if (used == null) {
      SchemaInference inferred = Schema.infer(table);
      LOG.info("no schema given; inferred one (declare it with .schema(...) or a sidecar to override):{}{}",
          System.lineSeparator(), inferred.explanation());
      used = inferred.schema();
    }
    RandomStreams streams = RandomStreams.of(seed);
    DataTransformer transformer = DataTransformer.fit(table, used, TransformerOptions.defaults(),
        new SplittableRandom(streams.stream("transformer").nextLong()));
    EncodedMatrix encoded = transformer.transform(table, new SplittableRandom(streams.stream("encode").nextLong()));
    ConditionalSampler trainingSampler = transformer.layout().discreteColumns().isEmpty() ? null
        : ConditionalSampler.fromTable(transformer, table, conditioning.samplerMode());
    GanTrainer.Result result = new GanTrainer(config).train(transformer.layout(), encoded, trainingSampler,
        streams, listener);
    // Keep counts only: the training sampler indexes training rows, which the model must not carry.
    ConditionCounts counts = trainingSampler == null ? null
        : new ConditionCounts(trainingSampler.columnCounts(), trainingSampler.pairCounts());
    Provenance provenance = new Provenance("ctgan", libraryVersion(), seed, config, conditioning, table.rowCount(),
        table.columnCount(), (System.nanoTime() - start) / 1e9, startedAt, Instant.now());
    return new TrainedSynthesizer(used, transformer, counts, result.generator(), result.history(), provenance);
  }

  static String libraryVersion() {
    String v = Synthesizer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String toString() {
    return "Synthesizer[ctgan, epochs=" + config.epochs() + ", batch=" + config.batchSize() + ", pac=" + config.pac()
        + ", " + conditioning.name().toLowerCase(Locale.ROOT) + ", seed=" + seed + (schema == null ? ", schema inferred" : "")
        + "]";
  }

  /** Collects settings; {@link #build()} validates them all once. */
  public static final class Builder {
    private int epochs;
    private int batchSize;
    private int pac;
    private int discriminatorSteps;
    private int latentWidth;
    private List<Integer> generatorWidths;
    private List<Integer> discriminatorWidths;
    private long seed = DEFAULT_SEED;
    private Conditioning conditioning = Conditioning.SINGLE;
    private Schema schema;
    private GanTrainer.Listener listener;

    private Builder() {
      GanConfig d = GanConfig.defaults();
      epochs = d.epochs();
      batchSize = d.batchSize();
      pac = d.pac();
      discriminatorSteps = d.discriminatorSteps();
      latentWidth = d.latentWidth();
      generatorWidths = d.generatorWidths();
      discriminatorWidths = d.discriminatorWidths();
    }

    /** Passes over the training rows; at least 1 (default 300). */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** Rows per step; at least 2 and a multiple of {@link #pac} (default 500). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Rows per critic pack; at least 1 (default 10). */
    public Builder pac(int value) {
      this.pac = value;
      return this;
    }

    /** Critic updates per generator update; at least 1 (default 1). */
    public Builder discriminatorSteps(int value) {
      this.discriminatorSteps = value;
      return this;
    }

    /** Width Z of the generator's noise input; at least 1 (default 128). */
    public Builder latentWidth(int value) {
      this.latentWidth = value;
      return this;
    }

    /** Widths of the generator's residual blocks; non-empty, each at least 1 (default 256, 256). */
    public Builder generatorWidths(int... widths) {
      this.generatorWidths = widths == null ? null : java.util.Arrays.stream(widths).boxed().toList();
      return this;
    }

    /** Widths of the critic's hidden layers; non-empty, each at least 1 (default 256, 256). */
    public Builder discriminatorWidths(int... widths) {
      this.discriminatorWidths = widths == null ? null : java.util.Arrays.stream(widths).boxed().toList();
      return this;
    }

    /** Single (default) or pair conditions. */
    public Builder conditioning(Conditioning value) {
      this.conditioning = value;
      return this;
    }

    /** The seed of every random stream of a fit (default {@link #DEFAULT_SEED}). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The schema of the training tables; when not given, {@code fit} infers one and logs it. */
    public Builder schema(Schema value) {
      this.schema = value;
      return this;
    }

    /** Receives each epoch's losses during {@code fit}; {@code null} for none. */
    public Builder listener(GanTrainer.Listener value) {
      this.listener = value;
      return this;
    }

    /** Validates every value and returns the configuration. */
    public Synthesizer build() {
      atLeast("epochs", epochs, 1);
      atLeast("pac", pac, 1);
      atLeast("batchSize", batchSize, 2);
      if (batchSize % pac != 0) {
        throw new IllegalArgumentException(
            "batchSize must be a multiple of pac (" + pac + "). Provided value: " + batchSize);
      }
      atLeast("discriminatorSteps", discriminatorSteps, 1);
      atLeast("latentWidth", latentWidth, 1);
      widths("generatorWidths", generatorWidths);
      widths("discriminatorWidths", discriminatorWidths);
      if (conditioning == null) {
        throw new IllegalArgumentException("conditioning must be SINGLE or PAIR. Provided value: null");
      }
      GanConfig d = GanConfig.defaults();
      GanConfig config = new GanConfig(epochs, batchSize, pac, discriminatorSteps, latentWidth, generatorWidths,
          discriminatorWidths, d.generatorOptimizer(), d.discriminatorOptimizer(), d.penaltyWeight(), d.dropout(),
          d.leakySlope());
      return new Synthesizer(this, config);
    }

    private static void atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ". Provided value: " + value);
      }
    }

    private static void widths(String name, List<Integer> widths) {
      if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
        throw new IllegalArgumentException(
            name + " must be a non-empty list of widths >= 1. Provided value: " + widths);
      }
    }

    @Override
    public String toString() {
      return "Synthesizer.Builder[epochs=" + epochs + ", batchSize=" + batchSize + ", pac=" + pac + ", seed=" + seed
          + "]";
    }
  }

  /** Per-column (and, in pair mode, per-pair) category counts: what unconditional sampling draws from. */
  record ConditionCounts(double[][] columns, double[][] pairs) {
    ConditionCounts {
      Objects.requireNonNull(columns, "columns");
      Objects.requireNonNull(pairs, "pairs");
    }
  }
}
