package org.dpcgan.bench;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.gan.DpTraining;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.gan.TrainingRequest;
import org.dpcgan.core.internal.metadata.DpMetadata;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tech.tablesaw.api.Table;

/**
 * End-to-end costs of the synthesizer on Adult (issue 7 and 6 targets, DESIGN.md §6): one training epoch over
 * the UCI train split (32,561 rows, default architecture, batch 500, 65 generator and 65 critic steps) in at
 * most 2.5 s on 2 cores; one differentially private epoch (pac 1, Poisson batches of expected size 500,
 * per-row clipping of the whole critic loss, secure noise) at most 1.3× the non-private one; sampling
 * 1,000,000 rows in at most 5 s.
 *
 * <p>{@link #setUp} fits the transformer and encodes the rows once (their cost is in
 * {@link TransformerBenchmark}); {@link #epoch} then times a fresh trainer's single epoch, network
 * initialisation included (a few milliseconds). The sampling benchmark uses a model trained for one epoch:
 * sampling cost does not depend on how well the generator is trained. Each timed call is one shot; run with
 * several iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class SynthesizerBenchmark {

  private static final int MILLION = 1_000_000;

  @Param({"SINGLE", "PAIR"})
  public ConditionalSampler.Mode conditioning;

  private DataTransformer transformer;
  private TrainingRows encoded;
  private ConditionalSampler sampler;
  private GanTrainer oneEpoch;
  private GanTrainer oneThreadEpoch;
  private GanTrainer oneDpEpoch;
  private GanTrainer onePacOneEpoch;
  private DpMetadata dpMetadata;
  private TrainingRows dpEncoded;
  private ConditionalSampler dpRowSampler;
  private DpTraining dpTraining;
  private TrainedSynthesizer model;
  private long seed;

  @Setup(Level.Trial)
  public void setUp() {
    Schema schema = TransformerBenchmark.adultSchema();
    Table train = TransformerBenchmark.adultTrain(schema);
    transformer = DataTransformer.fit(train, schema, TransformerOptions.defaults(), new SplittableRandom(1));
    encoded = transformer.encode(train, new SplittableRandom(2));
    sampler = ConditionalSampler.fromTable(transformer, train, conditioning);
    oneEpoch = new GanTrainer(GanConfig.defaults().withEpochs(1));
    oneThreadEpoch = new GanTrainer(GanConfig.defaults().withEpochs(1), false);
    GaussianNoise noise = GaussianNoise.secure();
    dpMetadata = DpMetadata.estimate(train, schema, conditioning, DpMetadata.noiseStdFor(0.3, 1e-6,
        DpMetadata.histogramCount(schema, conditioning)), noise, TransformerOptions.defaults(), new SplittableRandom(4));
    dpEncoded = dpMetadata.transformer().encode(train, new SplittableRandom(5));
    dpRowSampler = ConditionalSampler.fromTable(dpMetadata.transformer(), train, conditioning);
    // σ = 1 is what ε = 3 at δ = 1e-6 needs for about 300 epochs; the cost does not depend on σ.
    dpTraining = new DpTraining(1.0, 1.0, noise, new SecureRandom(), Optional.of(dpMetadata.sampler()));
    oneDpEpoch = new GanTrainer(GanConfig.defaults().withEpochs(1).withBatch(500, 1));
    onePacOneEpoch = new GanTrainer(GanConfig.defaults().withEpochs(1).withBatch(500, 1));
    model = Synthesizer.ctgan().epochs(1).seed(3).schema(schema).build().fit(train);
    Table check = model.sample(1_000);
    if (check.rowCount() != 1_000 || !check.columnNames().equals(train.columnNames())) {
      throw new IllegalStateException("sampling does not give the training schema: " + check.structure());
    }
  }

  /** One epoch of WGAN-GP training (65 critic + 65 generator steps of 500 rows) from fresh networks. */
  @Benchmark
  public GanTrainer.Result epoch() {
    return oneEpoch.train(TrainingRequest.of(transformer.layout(), encoded, RandomStreams.of(seed++))
        .withRowConditions(sampler));
  }

  /** {@link #epoch} without the second thread for products and host loops (SecondThread): what it gains. */
  @Benchmark
  public GanTrainer.Result epochOneThread() {
    return oneThreadEpoch.train(TrainingRequest.of(transformer.layout(), encoded, RandomStreams.of(seed++))
        .withRowConditions(sampler));
  }

  /**
   * One non-private epoch with the DP settings' pac = 1 (packs of one row, so the critic's hidden layers see
   * ten times the rows of the default pac = 10): the baseline that isolates what DP itself costs (clipping,
   * per-row norms, noise) from what its pac costs.
   */
  @Benchmark
  public GanTrainer.Result epochPacOne() {
    return onePacOneEpoch.train(TrainingRequest.of(dpMetadata.transformer().layout(), dpEncoded,
        RandomStreams.of(seed++)).withRowConditions(dpRowSampler));
  }

  /** One differentially private epoch: 65 DP critic steps (Poisson batches, q = 500/32,561) + 65 generator steps. */
  @Benchmark
  public GanTrainer.Result dpEpoch() {
    return oneDpEpoch.train(TrainingRequest.of(dpMetadata.transformer().layout(), dpEncoded,
        RandomStreams.of(seed++)).withRowConditions(dpRowSampler).withPrivacy(dpTraining));
  }

  /** 1,000,000 synthetic rows decoded into a table, matched to the model's tables (the default). */
  @Benchmark
  public Table sampleMillion() {
    return model.withSamplingSeed(seed++).sample(MILLION);
  }

  /** 1,000,000 synthetic rows as the generator makes them ({@code withoutMarginalMatching()}). */
  @Benchmark
  public Table sampleMillionUnmatched() {
    return model.withoutMarginalMatching().withSamplingSeed(seed++).sample(MILLION);
  }
}
