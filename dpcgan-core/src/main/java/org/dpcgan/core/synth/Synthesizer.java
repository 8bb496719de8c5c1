package org.dpcgan.core.synth;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.internal.gan.DpTraining;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.metadata.DpMetadata;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.privacy.accounting.Accountants;
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
 * <p>Instead of a target ε, {@link Builder#noiseMultiplier} fixes σ and the model reports the ε it spent; with
 * both, ε is a cap and training stops when the budget is spent. {@link #resume} continues the training of a
 * saved model (its networks, optimiser moments and, for a DP model, its privacy ledger):
 *
 * <pre>{@code
 * var more = Synthesizer.resume(model).epochs(100).epsilon(5.0).build().fit(table);  // ε of both parts ≤ 5
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

  /**
   * The accountant of a DP fit by default: the privacy loss distribution ({@code PldAccountant}), which proves the
   * same guarantee with about 7 % less noise than RDP at ε = 3 (docs/privacy.md).
   */
  public static final String DEFAULT_ACCOUNTANT = "pld";

  /** Default share of the target ε spent on the noisy metadata histograms. */
  public static final double DEFAULT_METADATA_SHARE = 0.1;

  /** The most categories a discrete column may have by default, missing included ({@link Builder#maxCategories}). */
  public static final int DEFAULT_MAX_CATEGORIES = TransformerOptions.DEFAULT_MAX_LEVELS;

  private final GanConfig config;
  private final long seed;
  private final Conditioning conditioning;
  private final Schema schema;
  private final FitListener listener;
  private final DpSettings dp;
  private final TrainedSynthesizer resumeFrom;
  private final Boolean secondThread;
  private final boolean batchSizeGiven;
  private final int maxCategories;

  private Synthesizer(Builder b, GanConfig config) {
    this.config = config;
    this.seed = b.seed;
    this.conditioning = b.conditioning;
    this.schema = b.schema;
    this.listener = b.listener;
    this.dp = b.dp ? new DpSettings(b.epsilon, b.noiseMultiplier, b.delta, b.clipNorm, b.metadataShare,
        b.reproducibleNoise, b.accountant) : null;
    this.resumeFrom = b.resumeFrom;
    this.secondThread = b.secondThread;
    this.batchSizeGiven = b.batchSizeGiven;
    this.maxCategories = b.maxCategories;
  }

  /** The default expected batch of a DP fit on {@code rows} rows: {@link GanConfig}'s 500, at most half the rows. */
  static int defaultDpBatch(int rows) {
    return Math.min(GanConfig.defaults().batchSize(), Math.max(1, rows / 2));
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
   * A builder that continues the training of {@code model} (loaded, or just fitted): {@link #fit} trains
   * {@link Builder#epochs} further epochs (required: there is no default) starting from the model's networks
   * and optimiser moments, with its transformer and schema; the model itself is not changed. The builder starts
   * from the model's settings (DP or not, seed, batch size, architecture, conditioning, δ and C). The
   * architecture, pack size, conditioning and schema cannot change. A DP model continues its privacy ledger:
   * give the total ε the model may have spent when the new training ends ({@link Builder#epsilon}), or σ
   * ({@link Builder#noiseMultiplier}); no new metadata is read. A DP model can only resume on a table of as many rows
   * as its training table (the sampling rate and the ledger are about that table).
   *
   * @throws IllegalArgumentException if the model carries no training state (saved without it, or by a
   *     dpcgan older than format 2)
   */
  public static Builder resume(TrainedSynthesizer model) {
    if (model == null) {
      throw new IllegalArgumentException("the model to resume must not be null");
    }
    if (!model.canResume()) {
      throw new IllegalArgumentException("this model holds no training state (the critic and optimiser moments):"
          + " it was saved without it or by an older dpcgan, so it can sample but not resume training");
    }
    Provenance p = model.provenance();
    GanConfig c = model.model().config();
    Builder b = new Builder(model.privacySpent().isPresent());
    b.networkSettings(c);
    b.epochs = 0; // no default: the number of further epochs must be given
    b.seed = p.seed();
    b.conditioning = p.conditioning();
    b.schema = model.schema();
    model.privacySpent().ifPresent(spent -> {
      b.delta = spent.delta();
      b.clipNorm = spent.clipNorm();
      b.accountant = spent.accountant();
    });
    b.resumeFrom = model;
    b.batchSizeGiven = true;   // the model's
    return b;
  }

  /**
   * The differential-privacy settings of a {@link #dpCgan()} configuration: a target ε (σ calibrated to
   * spend at most it), or a given σ (the model reports the ε it spent), or both (σ given, ε a cap at which
   * training stops).
   *
   * @param epsilon the target ε the whole fit may spend, or {@code null} when σ is given instead
   * @param noiseMultiplier σ of the critic steps, or {@code null} to calibrate it for the target ε
   * @param delta δ, or {@code null} for the default {@code min(1e-5, 1/(10·N))} of the training table
   * @param clipNorm C
   * @param metadataShare the share of ε for the metadata histograms
   * @param accountant the accountant that calibrates σ and reports ε: {@code "pld"} (default, tight) or
   *     {@code "rdp"}
   * @param reproducibleNoise whether noise and row sampling come from the seed (insecure) instead of
   *     {@link java.security.SecureRandom}
   */
  public record DpSettings(Double epsilon, Double noiseMultiplier, Double delta, double clipNorm,
      double metadataShare, boolean reproducibleNoise, String accountant) {}

  /** The differential-privacy settings; empty for a non-private ({@link #ctgan()}) configuration. */
  public Optional<DpSettings> privacy() {
    return Optional.ofNullable(dp);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(dp != null);
    if (dp != null) {
      b.epsilon = dp.epsilon();
      b.noiseMultiplier = dp.noiseMultiplier();
      b.delta = dp.delta();
      b.clipNorm = dp.clipNorm();
      b.metadataShare = dp.metadataShare();
      b.reproducibleNoise = dp.reproducibleNoise();
      b.accountant = dp.accountant();
    }
    b.networkSettings(config);
    b.seed = seed;
    b.conditioning = conditioning;
    b.schema = schema;
    b.listener = listener;
    b.resumeFrom = resumeFrom;
    b.secondThread = secondThread;
    b.batchSizeGiven = batchSizeGiven;
    b.maxCategories = maxCategories;
    return b;
  }

  /** The model whose training {@link #fit} continues; empty for a fresh fit. */
  public Optional<TrainedSynthesizer> resumesFrom() {
    return Optional.ofNullable(resumeFrom);
  }

  /** The network and training settings. */
  public TrainingSettings config() {
    return TrainingSettings.of(config);
  }

  /** Every network and training setting, CTGAN's fixed ones included: what the trainer runs with. */
  GanConfig ganConfig() {
    return config;
  }

  public long seed() {
    return seed;
  }

  public Conditioning conditioning() {
    return conditioning;
  }

  /** Tells the builder's listener, if any, that training starts. */
  void trainingStarts() {
    if (listener != null) {
      listener.onTrainingStart();
    }
  }

  /** The builder's listener as the trainer's, or one that ignores every epoch. */
  GanTrainer.Listener listener() {
    return listener == null ? stats -> { } : stats -> listener.onEpoch(Fit.epochStats(stats));
  }

  /** The trainer of {@link #fit}, with or without a second thread as the builder set (default: GanTrainer's). */
  GanTrainer trainer() {
    return secondThread == null ? new GanTrainer(config) : new GanTrainer(config, secondThread);
  }

  /**
   * What this configuration makes of {@code table} before training: each column as the data transformer encodes it
   * (fitted on the rows with this configuration's seed and category limit), its missing cells, and an encode/decode
   * round trip of every row. It reads the rows freely, for the data holder: a DP configuration's inspection is not
   * private. Without a schema, one is inferred.
   */
  public TableInspection inspect(Table table) {
    if (table == null) {
      throw new IllegalArgumentException("table must not be null");
    }
    return Inspection.of(table, schema == null ? Schema.infer(table).schema() : schema, transformerOptions(), seed);
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
    return fit(TrainingData.of(table));
  }

  /**
   * Trains a model on a CSV / CSV.gz or Parquet file as {@link #fit(Table)} does, streaming it: each pass (count and
   * check, metadata, encoding) reads the file a chunk at a time, and training holds the rows only in their compact
   * encoded form, a few bytes a cell, never as a table. Read with the declared schema, the resumed model's, or (a
   * non-private fit) one inferred from a sample of at most 200,000 rows. The same seed and rows give the same model
   * as {@link #fit(Table)}.
   *
   * @throws IllegalArgumentException as {@link #fit(Table)} does, and on a file that does not match the schema
   *     (naming its line and column)
   */
  public TrainedSynthesizer fit(Path data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    return fit(TrainingData.of(data, schema));   // a resumed configuration holds its model's schema
  }

  /**
   * Trains a model on the rows {@code source} hands over, as {@link #fit(Path)} does with a file: a pass to count,
   * one for the metadata, one to encode; the rows are held only in the compact encoded store. Needs a declared
   * schema (or a resumed model's).
   *
   * @throws IllegalArgumentException as {@link #fit(Table)} does, and without a schema
   */
  public TrainedSynthesizer fit(TableSource source) {
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    if (schema == null) {
      throw new IllegalArgumentException("a fit of " + source.name() + " needs a declared schema (a sidecar or"
          + " Schema.builder(), passed with .schema(...)): its rows come in chunks, and a schema inferred from one"
          + " chunk could refuse the next");
    }
    return fit(TrainingData.of(source));
  }

  /** Trains a model on {@code data}'s rows (a table or a file, in chunks). */
  TrainedSynthesizer fit(TrainingData data) {
    TrainedSynthesizer model = Fit.run(this, data);
    model.warnings().forEach(w -> LOG.warn("{}", w));
    return model;
  }

  /**
   * This configuration for a table of {@code rows} rows: a DP fit's default batch becomes at most half the rows
   * (Poisson sampling needs q = batch / N ≤ 1, and amplifies privacy only when q is well below 1); otherwise this.
   */
  Synthesizer adaptedTo(int rows) {
    if (dp == null || batchSizeGiven || resumeFrom != null || config.batchSize() == defaultDpBatch(rows)) {
      return this;
    }
    int batch = defaultDpBatch(rows);
    LOG.info("DP fit of {} rows: expected batch {} (the default, adapted to at most half the rows)", rows, batch);
    return toBuilder().batchSize(batch).build();
  }

  /** The data transformer's settings: its defaults with this configuration's category limit. */
  TransformerOptions transformerOptions() {
    return TransformerOptions.defaults().withMaxLevels(maxCategories);
  }

  /**
   * The streams of a resumed fit: derived from the seed and the number of epochs already trained, so that a
   * continuation never replays the streams of the training it continues.
   */
  RandomStreams resumedStreams() {
    return RandomStreams.of(RandomStreams.of(seed).stream("resume." + resumeFrom.lossHistory().size()).nextLong());
  }

  static String libraryVersion() {
    String v = Synthesizer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String toString() {
    return "Synthesizer[" + (resumeFrom == null ? "" : "resume, ") + (dp == null ? "ctgan" : "dp-cgan, "
        + (dp.epsilon() == null ? "" : "ε=" + dp.epsilon()) + (dp.noiseMultiplier() == null ? ""
        : (dp.epsilon() == null ? "" : ", ") + "σ=" + dp.noiseMultiplier())) + ", epochs=" + config.epochs()
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
    private FitListener listener;
    private final boolean dp;
    private Double epsilon;
    private Double delta;
    private double clipNorm = DEFAULT_CLIP_NORM;
    private double metadataShare = DEFAULT_METADATA_SHARE;
    private boolean reproducibleNoise;
    private String accountant = DEFAULT_ACCOUNTANT;
    private Double noiseMultiplier;
    private TrainedSynthesizer resumeFrom;
    private Boolean secondThread;
    private boolean batchSizeGiven;
    private int maxCategories = TransformerOptions.DEFAULT_MAX_LEVELS;

    private Builder(boolean dp) {
      this.dp = dp;
      networkSettings(GanConfig.defaults());
      pac = dp ? 1 : pac;
      conditioning = dp ? Conditioning.PAIR : Conditioning.SINGLE;
    }

    /** Takes epochs, batch size, pac, critic steps, latent width and both networks' widths from {@code c}. */
    private void networkSettings(GanConfig c) {
      epochs = c.epochs();
      batchSize = c.batchSize();
      pac = c.pac();
      discriminatorSteps = c.discriminatorSteps();
      latentWidth = c.latentWidth();
      generatorWidths = c.generatorWidths();
      discriminatorWidths = c.discriminatorWidths();
    }

    /** Passes over the training rows; at least 1 (default 300). */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * Rows per step; at least 2 and a multiple of {@link #pac} (default 500; for a DP fit, the expected rows per
     * critic step, by default 500 or half the table's rows if fewer).
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      this.batchSizeGiven = true;
      return this;
    }

    /**
     * The most categories a discrete column may have, missing included, at least 2 (default {@value
     * TransformerOptions#DEFAULT_MAX_LEVELS}): each category is one input and one output of the networks.
     */
    public Builder maxCategories(int value) {
      this.maxCategories = value;
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

    /**
     * DP only: the ε the whole fit may spend (metadata and training; for a {@link #resume}d model, the earlier
     * training too), finite and &gt; 0. Required unless {@link #noiseMultiplier} is given; with it, a cap.
     */
    public Builder epsilon(double value) {
      this.epsilon = value;
      return this;
    }

    /**
     * DP only: train the critic with this noise multiplier σ (finite and &gt; 0) instead of calibrating σ for a
     * target ε, and report the ε spent. With {@link #epsilon} as well, ε is a cap: the metadata histograms get
     * {@link #metadataShare} of it, and training stops at the last critic step that keeps the ledger within it.
     * Without a cap, the histograms get {@link #metadataShare} of the ε the planned critic steps alone spend.
     */
    public Builder noiseMultiplier(double value) {
      this.noiseMultiplier = value;
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
     * DP only: the accountant that calibrates σ and reports ε, {@code "pld"} (default: the privacy loss
     * distribution, tight) or {@code "rdp"} (Rényi DP, looser; what dpcgan used before). A resumed model keeps its own.
     */
    public Builder accountant(String name) {
      this.accountant = name;
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

    /**
     * Whether {@code fit} gives half of each large matrix product and host loop to a second thread
     * By default it does where the processors are at least twice ND4J's OpenMP
     * threads (two cores under {@code OMP_NUM_THREADS=1}); {@code false} keeps a fit on the calling thread, for
     * example beside other work. A fit with a second thread and one without may differ in the last bits.
     */
    public Builder secondThread(boolean value) {
      this.secondThread = value;
      return this;
    }

    /** Receives each epoch's losses during {@code fit}; {@code null} for none. */
    public Builder listener(FitListener value) {
      this.listener = value;
      return this;
    }

    /** Validates every value and returns the configuration. */
    public Synthesizer build() {
      if (resumeFrom != null && epochs == 0) {
        throw new IllegalArgumentException("a resumed training needs epochs(N): how many further epochs to train"
            + " (the model has trained " + resumeFrom.lossHistory().size() + " so far)");
      }
      atLeast("epochs", epochs, 1);
      atLeast("pac", pac, 1);
      atLeast("batchSize", batchSize, 2);
      if (batchSize % pac != 0) {
        throw new IllegalArgumentException(
            "batchSize must be a multiple of pac (" + pac + "). Provided value: " + batchSize);
      }
      atLeast("discriminatorSteps", discriminatorSteps, 1);
      atLeast("maxCategories", maxCategories, 2);
      atLeast("latentWidth", latentWidth, 1);
      widths("generatorWidths", generatorWidths);
      widths("discriminatorWidths", discriminatorWidths);
      if (conditioning == null) {
        throw new IllegalArgumentException("conditioning must be SINGLE or PAIR. Provided value: null");
      }
      if (dp) {
        checkPrivacy();
      } else if (epsilon != null || noiseMultiplier != null || delta != null || clipNorm != DEFAULT_CLIP_NORM
          || metadataShare != DEFAULT_METADATA_SHARE || reproducibleNoise
          || !DEFAULT_ACCOUNTANT.equals(accountant)) {
        throw new IllegalArgumentException("epsilon, noiseMultiplier, delta, clipNorm, metadataShare and"
            + " reproducibleNoise apply only to a differentially private synthesizer: use Synthesizer.dpCgan() instead"
            + " of Synthesizer.ctgan()" + (resumeFrom == null ? "" : " (this model was trained without DP and can"
            + " only resume without it)"));
      }
      if (resumeFrom != null) {
        checkResumable();
      }
      GanConfig d = resumeFrom == null ? GanConfig.defaults() : resumeFrom.model().config();
      GanConfig config = new GanConfig(epochs, batchSize, pac, discriminatorSteps, latentWidth, generatorWidths,
          discriminatorWidths, d.generatorOptimizer(), d.discriminatorOptimizer(), d.penaltyWeight(), d.dropout(),
          d.leakySlope());
      return new Synthesizer(this, config);
    }

    private void checkPrivacy() {
      if (!Accountants.NAMES.contains(accountant)) {
        throw new IllegalArgumentException("accountant must be one of " + Accountants.NAMES + ". Provided value: "
            + accountant);
      }
      if (epsilon == null && noiseMultiplier == null) {
        throw new IllegalArgumentException("a DP synthesizer needs a target epsilon or a noise multiplier: call"
            + " .epsilon(E) with E > 0, or .noiseMultiplier(S) with S > 0 to be told the epsilon it spends");
      }
      if (epsilon != null && !(Double.isFinite(epsilon) && epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
      }
      if (noiseMultiplier != null && !(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
        throw new IllegalArgumentException("noiseMultiplier must be finite and > 0. Provided value: "
            + noiseMultiplier);
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

    /** What a resumed training may not change: the networks' shapes, the packing, conditions and schema. */
    private void checkResumable() {
      GanConfig c = resumeFrom.model().config();
      unchanged("pac", c.pac(), pac);
      unchanged("latentWidth", c.latentWidth(), latentWidth);
      unchanged("generatorWidths", c.generatorWidths(), generatorWidths);
      unchanged("discriminatorWidths", c.discriminatorWidths(), discriminatorWidths);
      unchanged("conditioning", resumeFrom.provenance().conditioning(), conditioning);
      if (dp && metadataShare != DEFAULT_METADATA_SHARE) {
        throw new IllegalArgumentException("metadataShare does not apply when resuming: a resumed training reads no"
            + " new metadata. Provided value: " + metadataShare);
      }
      if (!resumeFrom.schema().equals(schema)) {
        throw new IllegalArgumentException("cannot change the schema when resuming: the model was trained with columns "
            + resumeFrom.schema().names() + " as declared in its file; the schema given differs (" + (schema == null
            ? "none" : schema.names()) + "). Resume with the model's own schema");
      }
    }

    private static void unchanged(String name, Object trained, Object given) {
      if (!trained.equals(given)) {
        throw new IllegalArgumentException("cannot change " + name + " when resuming a model trained with " + name
            + " = " + trained + ". Provided value: " + given);
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
      return "Synthesizer.Builder[" + (resumeFrom == null ? "" : "resume, ") + (dp ? "dp-cgan, epsilon=" + epsilon
          + (noiseMultiplier == null ? "" : ", noiseMultiplier=" + noiseMultiplier) + ", " : "ctgan, ") + "epochs=" + epochs
          + ", batchSize=" + batchSize + ", pac=" + pac + ", seed=" + seed + "]";
    }
  }

  /**
   * A DP fit's noisy metadata counts as released (negative counts kept; {@link DpMetadata}): per numeric column its
   * value cells then its missing cell (if any), per discrete column its categories, per pair its joint table.
   * Post-processing of them is free; marginal matching rakes samples to them.
   */
  record ReleasedCounts(double[][] numeric, double[][] columns, double[][] pairs) {
    ReleasedCounts {
      Objects.requireNonNull(numeric, "numeric");
      Objects.requireNonNull(columns, "columns");
      Objects.requireNonNull(pairs, "pairs");
    }

    static ReleasedCounts of(DpMetadata metadata) {
      return new ReleasedCounts(metadata.numericCounts(), metadata.columnCounts(), metadata.pairCounts());
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
