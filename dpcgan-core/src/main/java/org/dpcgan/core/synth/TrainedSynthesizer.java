package org.dpcgan.core.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.exec.ChunkWorkers;
import org.dpcgan.core.internal.exec.FloatMath;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.gan.Generator;
import org.dpcgan.core.internal.gan.SamplingPass;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.Decoder;
import tech.tablesaw.api.Table;

/**
 * A trained CTGAN model (Xu et al. 2019): the fitted data transformer, the category counts of the discrete
 * columns, and the generator. Immutable and safe to share between threads; it holds no training rows.
 *
 * <p>Sampling runs the generator in inference mode (BatchNorm running statistics) on {@code z ~ N(0, 1)} and
 * condition vectors, applies tanh to scalar spans and draws each one-hot span's category from its softmax
 * (the distribution of the argmax of CTGAN's Gumbel-softmax heads), and decodes with the transformer (argmax
 * mode and category). Unconditional sampling draws condition vectors with the training data's empirical
 * frequencies (CTGAN's {@code sample_original_condvec}) and is then matched to the model's tables by default
 * ({@link #withMarginalMatching()}); conditional sampling fixes the condition vector and
 * keeps only generated rows that satisfy every condition. Sampling is deterministic: the random streams
 * derive from the sampling seed (by default the training seed; see {@link #withSamplingSeed}), and
 * {@code sample(n)} is a prefix of {@code sample(m)} for {@code n <= m}.
 */
public final class TrainedSynthesizer {
  /**
   * Rows generated per generator pass when sampling (or the training batch size, if larger): inference has no
   * batch statistics, so the chunk size only trades memory for per-pass overhead, such as OpenBLAS packing the same
   * weights for every product (docs/benchmarks.md chose it). Changing it changes the rows of a seed.
   */
  static final int SAMPLING_CHUNK = 2500;

  /**
   * Conditional sampling gives up after generating this many times {@code max(n, chunk)} rows, i.e. when
   * fewer than about 1 in 20 generated rows satisfy the conditions.
   */
  static final int MAX_GENERATED_FACTOR = 20;

  /** Chunks per block of a streamed sample: 100,000 rows of 2,500, a few tens of MB decoded. */
  static final int BLOCK_CHUNKS = 40;

  private final Model model;
  private final SamplingOptions sampling;
  private final ConditionalSampler sampler;   // over the model's counts; null without discrete columns
  private final MarginalMatching matching;    // over the model's tables; null when it has none

  /**
   * What a fit produced: what the model file holds, and the warnings the fit's data gave (not saved).
   *
   * @param counts per-column (and per-pair) category counts; empty without discrete columns
   * @param released a DP fit's noisy metadata counts, which marginal matching rakes to; empty without DP (and in
   *     model files written before they were saved)
   * @param training the critic and optimiser state a resume continues from; empty once dropped, or from format 1
   * @param config every network and training setting, CTGAN's fixed ones included
   * @param privacy what a DP fit spent; empty without DP
   */
  record Model(Schema schema, DataTransformer transformer, Optional<Synthesizer.ConditionCounts> counts,
      Optional<Synthesizer.ReleasedCounts> released, Generator generator, Optional<GanTrainer.TrainingState> training,
      List<EpochStats> lossHistory, Provenance provenance, GanConfig config, Optional<PrivacySpent> privacy,
      List<String> fitWarnings) {
    Model {
      lossHistory = List.copyOf(lossHistory);
      fitWarnings = List.copyOf(fitWarnings);
      if (training.isPresent() && training.get().generator() != generator) {
        throw new IllegalArgumentException("the training state must hold the model's generator");
      }
    }

    Model withoutTraining() {
      return new Model(schema, transformer, counts, released, generator, Optional.empty(), lossHistory, provenance,
          config, privacy, fitWarnings);
    }

    Model withFitWarnings(List<String> warnings) {
      return new Model(schema, transformer, counts, released, generator, training, lossHistory, provenance, config,
          privacy, warnings);
    }
  }

  /** How a model samples: its seed, whether it matches the marginals, and on how many threads. */
  private record SamplingOptions(long seed, boolean matchMarginals, int threads) {
    SamplingOptions {
      if (threads < 1) {
        throw new IllegalArgumentException("sampling threads must be >= 1. Provided value: " + threads);
      }
    }
  }

  /**
   * The fitted or loaded {@code model}, sampling from its training seed on as many threads as fit the machine, its
   * unconditional samples matched to its tables ({@link #withMarginalMatching()}).
   */
  TrainedSynthesizer(Model model) {
    this(model, new SamplingOptions(model.provenance().seed(), true, ChunkWorkers.defaultThreads()));
  }

  private TrainedSynthesizer(Model model, SamplingOptions sampling) {
    this.model = model;
    this.sampling = sampling;
    this.sampler = model.counts().map(c -> ConditionalSampler.fromCounts(model.transformer().layout(),
        model.provenance().conditioning().samplerMode(), c.columns(), c.pairs())).orElse(null);
    this.matching = MarginalMatching.of(model.schema(), model.transformer(), sampler, model.counts(),
        model.released()).orElse(null);
  }

  /**
   * Reads a model written by {@link #save}; checks the format version and every entry's checksum.
   *
   * @throws IllegalArgumentException naming the file if it is corrupt or truncated, or written in a newer
   *     format than this library supports
   * @throws java.io.UncheckedIOException naming the file if it cannot be read
   */
  public static TrainedSynthesizer load(Path path) {
    return ModelFile.read(path);
  }

  /**
   * Writes this model to {@code path} atomically: a temporary file in the same directory (which must exist),
   * then an atomic move over {@code path}, so a failed write leaves no partial file.
   *
   * @throws IllegalArgumentException if the directory does not exist
   * @throws java.io.UncheckedIOException naming the file if writing fails
   */
  public void save(Path path) {
    ModelFile.write(this, path);
  }

  /** The same model sampling from the streams of {@code seed} instead. */
  public TrainedSynthesizer withSamplingSeed(long seed) {
    return new TrainedSynthesizer(model, new SamplingOptions(seed, sampling.matchMarginals(), sampling.threads()));
  }

  /**
   * The same model, its unconditional samples matched to its tables (the default; see {@code MarginalMatching}):
   * each discrete column's category counts and, for a DP model, the noisy histograms and pair tables its ledger paid
   * for (post-processing, no privacy cost). It generates {@value MarginalMatching#OVERSAMPLE} times as many rows,
   * keeps a sample weighted by raking to those tables, and moves each numeric column's values onto its histogram by
   * rank. A generator that drifted from the marginals (DP noise does that) then samples them as measured; the
   * relations between columns stay the generator's. Deterministic per sampling seed, {@code sample(n)} still a
   * prefix of {@code sample(m)}; conditional samples are unchanged.
   */
  public TrainedSynthesizer withMarginalMatching() {
    return new TrainedSynthesizer(model, new SamplingOptions(sampling.seed(), true, sampling.threads()));
  }

  /** The same model sampling the generator's rows as they come, unmatched (docs/quality.md measures both). */
  public TrainedSynthesizer withoutMarginalMatching() {
    return new TrainedSynthesizer(model, new SamplingOptions(sampling.seed(), false, sampling.threads()));
  }

  /**
   * The same model, sampling on {@code threads} threads: samples are generated in chunks of
   * {@value #SAMPLING_CHUNK} rows (or the training batch size) with random streams derived from each chunk's
   * index, and decoded column by column, so the rows do not depend on the number of threads. The default is the
   * available processors divided by ND4J's OpenMP threads ({@code OMP_NUM_THREADS}), at least one.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public TrainedSynthesizer withSamplingThreads(int threads) {
    return new TrainedSynthesizer(model, new SamplingOptions(sampling.seed(), sampling.matchMarginals(), threads));
  }

  /**
   * The same model without its training state (critic and optimiser moments): it samples exactly as this one
   * but cannot {@link Synthesizer#resume}, and its file is smaller. Use it for a model that is shared rather
   * than trained further: a non-private model's critic has seen the training rows and can help a membership
   * attack (a DP model's critic is covered by its guarantee).
   */
  public TrainedSynthesizer withoutTrainingState() {
    return new TrainedSynthesizer(model.withoutTraining(), sampling);
  }

  /**
   * Whether the model holds its training state (the critic and both optimisers' moments, saved with the
   * model), which {@link Synthesizer#resume} continues from: false for a model saved
   * {@link #withoutTrainingState()} or by a dpcgan older than model format 2.
   */
  public boolean canResume() {
    return model.training().isPresent();
  }

  /**
   * The generator steps of all the trainings this model went through (its optimiser's step count), or empty
   * when {@link #canResume()} is false.
   */
  public OptionalLong generatorSteps() {
    return model.training().isEmpty() ? OptionalLong.empty() : OptionalLong.of(model.training().get().generatorAdam().steps());
  }

  /**
   * The live training state (not a copy: {@link Synthesizer#resume} copies it before training), empty when
   * {@link #canResume()} is false. Package-private so that the model stays immutable to its users.
   */
  Optional<GanTrainer.TrainingState> trainingState() {
    return model.training();
  }

  /** The seed sampling streams derive from (the training seed unless changed by {@link #withSamplingSeed}). */
  public long samplingSeed() {
    return sampling.seed();
  }

  /** The threads sampling runs on ({@link #withSamplingThreads}; by default as many as fit the machine). */
  public int samplingThreads() {
    return sampling.threads();
  }

  /** The schema of the training table; sampled tables have its columns, names and kinds. */
  public Schema schema() {
    return model.schema();
  }

  /**
   * What each column of a sampled table can hold: a discrete column's levels (declared, or read from the training
   * data: noisy under DP), a numeric column's declared bounds (decoded values are clamped to them). Rules a sample
   * must satisfy are checked against these before sampling.
   */
  public List<ColumnDescription> columns() {
    return model.transformer().columnModels().stream()
        .map(m -> ColumnDescription.of(m, model.transformer().layout())).toList();
  }

  /** Per-epoch generator and critic losses. */
  public List<EpochStats> lossHistory() {
    return model.lossHistory();
  }

  public Provenance provenance() {
    return model.provenance();
  }

  /**
   * The (ε, δ) guarantee of this model about each training row and the ledger it was computed from; empty for
   * a model trained without differential privacy, which gives no guarantee.
   */
  public Optional<PrivacySpent> privacySpent() {
    return model.privacy();
  }

  /** This model with warnings its fit found in the data (shown by {@link #warnings}, not saved with the model). */
  TrainedSynthesizer withFitWarnings(List<String> warnings) {
    return new TrainedSynthesizer(model.withFitWarnings(warnings), sampling);
  }

  /** ε above which a guarantee bounds nothing a reader could rely on (e^20 ≈ 5·10^8). */
  static final double MEANINGLESS_EPSILON = 20;
  /** Fewer training rows than this leave a model nothing to generalise from. */
  static final int FEW_ROWS = 10;

  /**
   * What a user should know before sharing this model's output: a table too small to learn from, or an ε so large
   * that the guarantee protects nothing meaningful. Empty when neither applies.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>(model.fitWarnings());
    int rows = model.provenance().rows();
    if (rows < FEW_ROWS) {
      out.add(String.format(Locale.ROOT, "the model was trained on only %d row%s: there is nothing to generalise"
          + " from, so its synthetic rows either reproduce %s (without DP) or are mostly noise (with DP)", rows,
          rows == 1 ? "" : "s", rows == 1 ? "it" : "them"));
    }
    PrivacySpent privacy = model.privacy().orElse(null);
    if (privacy != null && privacy.epsilon() > MEANINGLESS_EPSILON) {
      out.add(String.format(Locale.ROOT, "ε = %.3g is above %.0f: it allows any outcome to become e^ε ≈ %.1e times"
          + " more likely because of one row, which protects nothing meaningful; usual choices are ε between 0.1 and"
          + " 10", privacy.epsilon(), MEANINGLESS_EPSILON, Math.exp(privacy.epsilon())));
    }
    return out;
  }

  /**
   * {@code n} synthetic rows with the training table's columns. Conditions, when given, are {@code column =
   * value} on discrete columns (one in single conditioning, one or two in pair conditioning) and every
   * returned row satisfies all of them. The rows are held in memory; {@link #sample(long, Consumer, Condition...)}
   * streams any number of them.
   *
   * @throws IllegalArgumentException if {@code n < 1}, or a condition names an unknown column or value
   * @throws IllegalStateException if the generator cannot produce {@code n} rows satisfying the conditions
   *     within a bounded number of attempts
   */
  public Table sample(int n, Condition... conditions) {
    Table[] only = new Table[1];
    generate(n, n, t -> only[0] = t, conditions);
    return only[0];
  }

  /**
   * {@link #sample(int, Condition...)} of any number of rows, handed to {@code blocks} in order as tables of at
   * most {@link #blockRows()} rows, so that memory stays flat in {@code n}: the blocks one after the other are the
   * rows {@code sample(n, conditions)} returns (an id column numbered on across blocks). A block is handed over
   * before the next is generated; an exception from {@code blocks} stops the sampling.
   *
   * @return the rows handed over, {@code n}
   * @throws IllegalArgumentException and {@link IllegalStateException} as {@link #sample(int, Condition...)}
   */
  public long sample(long n, Consumer<Table> blocks, Condition... conditions) {
    return sample(n, blockRows(), blocks, conditions);
  }

  /** {@link #sample(long, Consumer, Condition...)} in blocks of at most {@code blockRows} rows (tests use small ones). */
  long sample(long n, int blockRows, Consumer<Table> blocks, Condition... conditions) {
    if (blocks == null) {
      throw new IllegalArgumentException("blocks must not be null");
    }
    generate(n, blockRows, blocks, conditions);
    return n;
  }

  /** The most rows a block of {@link #sample(long, Consumer, Condition...)} holds: {@value #BLOCK_CHUNKS} chunks. */
  public int blockRows() {
    return BLOCK_CHUNKS * chunk();
  }

  private void generate(long n, int blockRows, Consumer<Table> blocks, Condition[] conditions) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1. Provided value: " + n);
    }
    RandomStreams streams = RandomStreams.of(sampling.seed());
    if (conditions == null || conditions.length == 0) {
      RandomStream chunks = streams.stream("sample.chunks");
      int batch = chunk();
      long perBlock = n <= blockRows ? n : Math.max(1, blockRows / batch) * (long) batch;   // whole chunks
      for (long first = 0; first < n; first += perBlock) {
        blocks.accept(sampleUnconditional(first / batch, (int) Math.min(perBlock, n - first), first, chunks));
      }
      return;
    }
    sampleConditional(n, blockRows, conditions, streams.stream("sample.conditioned"), blocks);
  }

  private int chunk() {
    return Math.max(SAMPLING_CHUNK, model.provenance().config().batchSize());
  }

  /**
   * Rows {@code [rowsBefore, rowsBefore + n)} of the unconditional sample, made of the chunks from {@code firstChunk}
   * on. Chunk {@code c} holds rows {@code [c·batch, (c + 1)·batch)} and draws its latent noise, category draws,
   * condition vectors and marginal-matching choices from streams derived from {@code chunks} and {@code c} alone:
   * the chunks run on {@link #sampling.threads()} threads in any order and give the same rows, and {@code sample(n)}
   * is a prefix of {@code sample(m)}.
   */
  private Table sampleUnconditional(long firstChunk, int n, long rowsBefore, RandomStream chunks) {
    int batch = chunk();
    MarginalMatching matching = sampling.matchMarginals() ? this.matching : null;
    int generate = matching == null ? batch : MarginalMatching.OVERSAMPLE * batch;
    Decoder decoder = model.transformer().decoder(n, rowsBefore);
    int count = (int) ((n + (long) batch - 1) / batch);
    SamplingPass pass = model.generator().samplingPass();
    ChunkWorkers.run(count, sampling.threads(), c -> {
      RandomStream streams = chunks.child(Long.toString(firstChunk + c));
      float[] rows = sampler == null ? pass.sampleRows(null, generate, streams.child("noise"))
          : pass.sampleRowsWithOnes(sampler.sampleEmpiricalOnes(generate,
              new SplittableRandom(streams.child("conditions").nextLong())), generate, streams.child("noise"));
      int first = c * batch;
      int take = Math.min(batch, n - first);
      if (matching == null) {
        decoder.decode(rows, take, first);
        return;
      }
      Decoder pool = model.transformer().decoder(generate, 0);
      pool.decode(rows, generate, 0);
      int[] kept = matching.select(pool, generate, batch, new SplittableRandom(streams.child("matching").nextLong()));
      decoder.copyRows(pool, kept, take, first);
    });
    return decoder.table(sampling.threads());
  }

  /**
   * Generates chunks of {@code batch} rows under the fixed condition vector and keeps, in chunk order, the rows
   * that satisfy every condition, handing them to {@code blocks} in tables of {@code blockRows}. Chunk {@code c}
   * draws from the stream derived from {@code chunks} and {@code c}; each round generates {@link #sampling.threads()}
   * chunks at once, so the kept rows, and whether the bounded number of attempts runs out, do not depend on the
   * number of threads or the block size.
   */
  private void sampleConditional(long n, int blockRows, Condition[] conditions, RandomStream chunks,
      Consumer<Table> blocks) {
    if (sampler == null) {
      throw new IllegalArgumentException("this model has no discrete column to condition on; columns: "
          + model.schema().names() + ". Provided conditions: " + List.of(conditions));
    }
    Map<String, String> byColumn = new LinkedHashMap<>();
    for (Condition c : conditions) {
      if (c == null) {
        throw new IllegalArgumentException("conditions must not contain null. Provided: " + List.of(conditions));
      }
      if (byColumn.put(c.column(), c.value()) != null) {
        throw new IllegalArgumentException(
            "each condition must name a different column. Provided: " + java.util.Arrays.toString(conditions));
      }
    }
    float[] vector = sampler.conditionFor(byColumn);
    // The chosen category of each conditioned column: its hot bit in the condition vector.
    List<int[]> targets = new ArrayList<>(); // {data offset, categories, category}
    for (ConditionalSampler.DiscreteColumn c : sampler.columns()) {
      for (int k = 0; k < c.categories(); k++) {
        if (vector[c.conditionOffset() + k] == 1f) {
          targets.add(new int[] {c.dataOffset(), c.categories(), k});
        }
      }
    }
    int batch = chunk();
    int width = model.transformer().layout().width();
    int conditionWidth = vector.length;
    float[] tiled = new float[batch * conditionWidth];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(vector, 0, tiled, b * conditionWidth, conditionWidth);
    }
    long maxGenerated = (long) MAX_GENERATED_FACTOR * Math.max(n, batch);
    long filled = 0;   // rows handed over or in the current block
    long generated = 0;
    long next = 0;
    long blockStart = 0;
    Decoder decoder = model.transformer().decoder((int) Math.min(blockRows, n), 0);
    SamplingPass pass = model.generator().samplingPass();
    try (ChunkWorkers workers = ChunkWorkers.start(sampling.threads())) {   // kept across rounds, with their arenas
      while (generated < maxGenerated && filled < n) {
        int round = (int) Math.min(sampling.threads(), (maxGenerated - generated + batch - 1) / batch);
        float[][] chunkRows = new float[round][];
        long first = next;
        workers.run(round,
            j -> chunkRows[j] = pass.sampleRows(tiled, batch, chunks.child(Long.toString(first + j))));
        next += round;
        for (float[] rows : chunkRows) {
          generated += batch;
          int kept = 0;
          for (int r = 0; r < batch && filled + kept < n; r++) {
            if (satisfies(rows, r * width, targets)) {
              System.arraycopy(rows, r * width, rows, kept++ * width, width);   // kept ≤ r: in place
            }
          }
          for (int from = 0; from < kept; ) {
            int room = (int) Math.min(blockRows, n - blockStart) - (int) (filled - blockStart);
            int take = Math.min(room, kept - from);
            decoder.decode(rows, from, take, (int) (filled - blockStart));
            from += take;
            filled += take;
            if (filled - blockStart == Math.min(blockRows, n - blockStart)) {
              blocks.accept(decoder.table(sampling.threads()));
              blockStart = filled;
              decoder = filled < n ? model.transformer().decoder((int) Math.min(blockRows, n - filled), filled) : null;
            }
          }
        }
      }
    }
    if (filled < n) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "the generator produced only %d of the %d requested rows satisfying %s in %d generated rows; "
              + "train longer or ask for fewer rows", filled, n, byColumn, generated));
    }
  }

  /** True when, in every target span, the argmax (what the decoder picks) is the target category. */
  private static boolean satisfies(float[] rows, int rowStart, List<int[]> targets) {
    for (int[] t : targets) {
      if (FloatMath.argmax(rows, rowStart + t[0], t[1]) != t[2]) {
        return false;
      }
    }
    return true;
  }

  DataTransformer transformer() {
    return model.transformer();
  }

  /** What the model file holds. */
  Model model() {
    return model;
  }

  Generator generator() {
    return model.generator();
  }

  /** The sampler over the stored condition counts (noisy or public for a DP model); null without discrete columns. */
  ConditionalSampler conditionSampler() {
    return sampler;
  }

  @Override
  public String toString() {
    Provenance provenance = model.provenance();
    return "TrainedSynthesizer[" + provenance.algorithm() + ", epochs=" + provenance.config().epochs() + ", rows="
        + provenance.rows() + ", " + model.privacy().map(PrivacySpent::toString).orElse("no DP")
        + (model.training().isEmpty() ? ", no training state" : "") + "]";
  }
}
