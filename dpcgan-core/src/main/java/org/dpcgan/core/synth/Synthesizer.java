package org.dpcgan.core.synth;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ConditionalSampler;
import org.dpcgan.core.data.DataTransformer;
import org.dpcgan.core.data.DpMetadata;
import org.dpcgan.core.data.EncodedMatrix;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.TransformerOptions;
import org.dpcgan.core.gan.DpTraining;
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
 * <p>{@link #dpCgan()} trains the same networks with differential privacy (DESIGN.md §4): metadata from noisy
 * histograms over the schema's public bounds and levels ({@link DpMetadata}), and DP-SGD critic steps
 * (Abadi et al. 2016) with Poisson sampling, per-row clipping and secure Gaussian noise ({@link DpTraining}),
 * with σ calibrated up front so that the whole ledger spends at most the target ε. Its model reports the
 * guarantee in {@link TrainedSynthesizer#privacySpent()}.
 *
 * <pre>{@code
 * var model = Synthesizer.dpCgan().epsilon(3.0).delta(1e-6).epochs(300).seed(42).schema(schema).build().fit(table);
 * model.privacySpent().orElseThrow().epsilon();   // ≤ 3.0
 * }</pre>
 *
 * <p>{@link #fit} may be called any number of times: each fit derives its own random
 * streams from the seed and creates its own networks and optimiser state, so the same non-private
 * configuration and table give bit-identical models (same backend); a DP fit's noise and row sampling come
 * from {@link java.security.SecureRandom} unless {@link Builder#reproducibleNoise()} opts out. A
 * {@link #ctgan()} model is not differentially private: its {@link TrainedSynthesizer#privacySpent()} is empty.
 */
public final class Synthesizer {
  private static final Logger LOG = LoggerFactory.getLogger(Synthesizer.class);

  /** The seed used when none is given, so that an unseeded configuration is still reproducible. */
  public static final long DEFAULT_SEED = 12345L;

  /** Default L2 bound C of each row's critic gradient in DP training. */
  public static final double DEFAULT_CLIP_NORM = 1.0;

  /** Default share of the target ε spent on the noisy metadata histograms. */
  public static final double DEFAULT_METADATA_SHARE = 0.1;

  private final GanConfig config;
  private final long seed;
  private final Conditioning conditioning;
  private final Schema schema;
  private final GanTrainer.Listener listener;
  private final DpSettings dp;

  private Synthesizer(Builder b, GanConfig config) {
    this.config = config;
    this.seed = b.seed;
    this.conditioning = b.conditioning;
    this.schema = b.schema;
    this.listener = b.listener;
    this.dp = b.dp ? new DpSettings(b.epsilon, b.delta, b.clipNorm, b.metadataShare, b.reproducibleNoise) : null;
  }

  /** A builder with CTGAN's defaults (300 epochs, batch 500, pac 10, widths 256×2, single conditions). */
  public static Builder ctgan() {
    return new Builder(false);
  }

  /**
   * A builder of a differentially private synthesizer: CTGAN's networks and defaults with pair conditions
   * (DP-CGAN), one row per critic pack ({@code pac = 1}), clip norm {@value #DEFAULT_CLIP_NORM}, metadata share
   * {@value #DEFAULT_METADATA_SHARE} and secure noise. {@link Builder#epsilon} is required.
   */
  public static Builder dpCgan() {
    return new Builder(true);
  }

  /**
   * The differential-privacy settings of a {@link #dpCgan()} configuration.
   *
   * @param epsilon the target ε the whole fit may spend
   * @param delta δ, or {@code null} for the default {@code min(1e-5, 1/(10·N))} of the training table
   * @param clipNorm C
   * @param metadataShare the share of ε for the metadata histograms
   * @param reproducibleNoise whether noise and row sampling come from the seed (insecure) instead of
   *     {@link java.security.SecureRandom}
   */
  public record DpSettings(double epsilon, Double delta, double clipNorm, double metadataShare,
      boolean reproducibleNoise) {}

  /** The differential-privacy settings; empty for a non-private ({@link #ctgan()}) configuration. */
  public Optional<DpSettings> privacy() {
    return Optional.ofNullable(dp);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(dp != null);
    if (dp != null) {
      b.epsilon = dp.epsilon();
      b.delta = dp.delta();
      b.clipNorm = dp.clipNorm();
      b.metadataShare = dp.metadataShare();
      b.reproducibleNoise = dp.reproducibleNoise();
    }
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

  GanTrainer.Listener listener() {
    return listener;
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
    if (used == null && dp != null) {
      throw new IllegalArgumentException("a DP fit needs a declared schema with public bounds and levels (a sidecar"
          + " or Schema.builder(), passed with .schema(...)): inferring one would read the rows without charging"
          + " the privacy budget");
    }
    if (used == null) {
      SchemaInference inferred = Schema.infer(table);
      LOG.info("no schema given; inferred one (declare it with .schema(...) or a sidecar to override):{}{}",
          System.lineSeparator(), inferred.explanation());
      used = inferred.schema();
    }
    RandomStreams streams = RandomStreams.of(seed);
    if (dp != null) {
      return PrivateFit.fit(this, table, used, streams, start, startedAt);
    }
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
    return new TrainedSynthesizer(used, transformer, counts, result.generator(), result.history(), provenance, null);
  }

  static String libraryVersion() {
    String v = Synthesizer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String toString() {
    return "Synthesizer[" + (dp == null ? "ctgan" : "dp-cgan, ε=" + dp.epsilon()) + ", epochs=" + config.epochs()
        + ", batch=" + config.batchSize() + ", pac=" + config.pac() + ", " + conditioning.name().toLowerCase(Locale.ROOT) + ", seed=" + seed + (schema == null ? ", schema inferred" : "")
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
    private Conditioning conditioning;
    private Schema schema;
    private GanTrainer.Listener listener;
    private final boolean dp;
    private Double epsilon;
    private Double delta;
    private double clipNorm = DEFAULT_CLIP_NORM;
    private double metadataShare = DEFAULT_METADATA_SHARE;
    private boolean reproducibleNoise;

    private Builder(boolean dp) {
      GanConfig d = GanConfig.defaults();
      this.dp = dp;
      epochs = d.epochs();
      batchSize = d.batchSize();
      pac = dp ? 1 : d.pac();
      conditioning = dp ? Conditioning.PAIR : Conditioning.SINGLE;
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

    /** DP only: the ε the whole fit may spend (metadata and training); required, finite and &gt; 0. */
    public Builder epsilon(double value) {
      this.epsilon = value;
      return this;
    }

    /** DP only: δ in (0, 1) (default {@code min(1e-5, 1/(10·N))}; a δ ≥ 1/N is allowed with a warning). */
    public Builder delta(double value) {
      this.delta = value;
      return this;
    }

    /** DP only: the L2 bound C of each row's critic gradient, finite and &gt; 0 (default 1). */
    public Builder clipNorm(double value) {
      this.clipNorm = value;
      return this;
    }

    /** DP only: the share of ε spent on the metadata histograms, in (0, 1) (default 0.1). */
    public Builder metadataShare(double value) {
      this.metadataShare = value;
      return this;
    }

    /**
     * DP only: draw the noise and the row sampling from the seed instead of {@link java.security.SecureRandom},
     * so that a fit can be reproduced. This voids the guarantee against anyone who knows the seed; the model
     * records it and every use is logged as a warning. Meant for tests and experiments.
     */
    public Builder reproducibleNoise() {
      this.reproducibleNoise = true;
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
      if (dp) {
        checkPrivacy();
      } else if (epsilon != null || delta != null || clipNorm != DEFAULT_CLIP_NORM
          || metadataShare != DEFAULT_METADATA_SHARE || reproducibleNoise) {
        throw new IllegalArgumentException("epsilon, delta, clipNorm, metadataShare and reproducibleNoise apply only"
            + " to a differentially private synthesizer: use Synthesizer.dpCgan() instead of Synthesizer.ctgan()");
      }
      GanConfig d = GanConfig.defaults();
      GanConfig config = new GanConfig(epochs, batchSize, pac, discriminatorSteps, latentWidth, generatorWidths,
          discriminatorWidths, d.generatorOptimizer(), d.discriminatorOptimizer(), d.penaltyWeight(), d.dropout(),
          d.leakySlope());
      return new Synthesizer(this, config);
    }

    private void checkPrivacy() {
      if (epsilon == null) {
        throw new IllegalArgumentException("a DP synthesizer needs a target epsilon: call .epsilon(E) with E > 0");
      }
      if (!(Double.isFinite(epsilon) && epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
      }
      if (delta != null && !(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("delta must be in (0, 1) (typically below 1/rows). Provided value: " + delta);
      }
      if (!(Double.isFinite(clipNorm) && clipNorm > 0)) {
        throw new IllegalArgumentException("clipNorm must be finite and > 0. Provided value: " + clipNorm);
      }
      if (!(metadataShare > 0 && metadataShare < 1)) {
        throw new IllegalArgumentException("metadataShare must be in (0, 1). Provided value: " + metadataShare);
      }
      if (pac != 1) {
        throw new IllegalArgumentException("a DP synthesizer needs pac = 1: with several rows per critic pack one row"
            + " could change more than one clipped gradient. Provided value: " + pac);
      }
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
      return "Synthesizer.Builder[" + (dp ? "dp-cgan, epsilon=" + epsilon + ", " : "ctgan, ") + "epochs=" + epochs
          + ", batchSize=" + batchSize + ", pac=" + pac + ", seed=" + seed + "]";
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
