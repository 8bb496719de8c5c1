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
 * Whether a training step's cost depends on the number of rows N (issue 26: it must not). The training store holds
 * N rows, Adult's train split encoded and repeated; each call trains {@value #DP_STEPS} DP critic steps (Poisson
 * sampling at q = 500 / N, per-row clipping, secure noise) and as many generator steps, from fresh networks. The
 * time per call over {@value #DP_STEPS} is the time per step pair; compare the sizes within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class StepScalingBenchmark {

  static final int DP_STEPS = 200;
  private static final int BATCH = 500;

  @Param({"32561", "1000000", "10000000"})
  public int rows;

  private DpMetadata metadata;
  private TrainingRows encoded;
  private ConditionalSampler rowConditions;
  private GanTrainer trainer;
  private long seed;

  @Setup(Level.Trial)
  public void setUp() {
    Schema schema = TransformerBenchmark.adultSchema();
    Table train = TransformerBenchmark.adultTrain(schema);
    ConditionalSampler.Mode mode = ConditionalSampler.Mode.PAIR;
    metadata = DpMetadata.estimate(train, schema, mode, DpMetadata.noiseStdFor(0.3, 1e-6,
        DpMetadata.histogramCount(schema, mode)), GaussianNoise.secure(), TransformerOptions.defaults(),
        new SplittableRandom(4));
    DataTransformer transformer = metadata.transformer();
    encoded = transformer.emptyRows(rows);
    SplittableRandom rng = new SplittableRandom(5);
    int split = train.rowCount();
    for (int from = 0; from < rows; from += split) {
      transformer.encodeInto(encoded, from, train.inRange(0, Math.min(split, rows - from)), rng);
    }
    rowConditions = ConditionalSampler.fromRows(transformer.layout(), encoded, mode);
    // enough epochs for DP_STEPS steps at every size (an epoch is rows / 500 steps); training stops at DP_STEPS
    int epochs = (int) Math.ceil(DP_STEPS * (double) BATCH / rows);
    trainer = new GanTrainer(GanConfig.defaults().withEpochs(Math.max(1, epochs)).withBatch(BATCH, 1));
  }

  /** {@value #DP_STEPS} DP critic steps and as many generator steps over N rows, from fresh networks. */
  @Benchmark
  public GanTrainer.Result dpSteps() {
    SecureRandom secure = new SecureRandom();
    DpTraining dp = new DpTraining(1.0, 1.0, GaussianNoise.secure(), secure, Optional.of(metadata.sampler()),
        DP_STEPS, RandomStreams.secretKey(secure), 0);
    return trainer.train(TrainingRequest.of(metadata.transformer().layout(), encoded, RandomStreams.of(seed++))
        .withRowConditions(rowConditions).withPrivacy(dp));
  }
}
