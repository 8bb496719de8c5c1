package org.dpcgan.core.internal.gan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.internal.exec.Arena;
import org.dpcgan.core.internal.exec.ColumnBlocks;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.loss.ConditionalCrossEntropy;
import org.dpcgan.core.internal.loss.GradientPenalty;
import org.dpcgan.core.internal.loss.Wasserstein;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.optim.AdamState;
import org.dpcgan.core.internal.random.Permutation;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.privacy.clipping.DpSgdAggregator;
import org.dpcgan.privacy.clipping.OneRunAudit;
import org.dpcgan.privacy.sampling.PoissonSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional WGAN-GP training with training-by-sampling (Xu et al. 2019, CTGAN; Gulrajani et al. 2017): per
 * step, {@code discriminatorSteps} critic updates on real rows that carry sampled conditions and on generated rows,
 * with the gradient penalty on per-pack interpolates, then one generator update with the Wasserstein generator loss
 * plus the conditional cross-entropy. With {@link TrainingRequest#privacy()} the critic updates are DP-SGD steps
 * ({@link DpTraining}): the privacy module clips, noises and counts them.
 *
 * <p>Random streams (from one seed): {@code init.generator}, {@code init.discriminator}, {@code noise} (z and
 * Gumbel noise), {@code conditions}, {@code rows}, {@code dropout} (dropout masks and interpolation weights).
 *
 * <p>Each step's temporaries live in an ND4J workspace reused from step to step; everything that outlives a step
 * (parameters, optimiser moments, running statistics, the training matrix) is allocated outside it.
 */
public final class GanTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);
  private static final DataType DTYPE = DataType.FLOAT;

  /** Losses and wall time of one epoch (means over its steps). */
  public record EpochStats(int epoch, double generatorLoss, double discriminatorLoss, double seconds) {
    @Override
    public String toString() {
      // A DP fit withholds the critic loss (NaN): it is computed from real rows without noise.
      return Double.isNaN(discriminatorLoss)
          ? String.format(Locale.ROOT, "epoch %d: G %.4f, D withheld (DP: the critic loss reads the real rows"
              + " unnoised), %.2f s", epoch, generatorLoss, seconds)
          : String.format(Locale.ROOT, "epoch %d: G %.4f, D %.4f, %.2f s", epoch, generatorLoss, discriminatorLoss,
              seconds);
    }
  }

  /** Receives each epoch's statistics as training goes. */
  @FunctionalInterface
  public interface Listener {
    void onEpoch(EpochStats stats);
  }

  /**
   * Everything a training needs to continue: both networks (the generator with its BatchNorm running
   * statistics) and both optimisers' moments and step counts. A training that resumes from a state trains
   * copies and leaves the state it was given unchanged.
   */
  public record TrainingState(Generator generator, Discriminator critic, AdamState generatorAdam,
      AdamState criticAdam) {
    public TrainingState {
      if (generator == null || critic == null || generatorAdam == null || criticAdam == null) {
        throw new IllegalArgumentException("a training state needs both networks and both optimiser states");
      }
    }

    @Override
    public String toString() {
      return "TrainingState[generator steps=" + generatorAdam.steps() + ", critic steps=" + criticAdam.steps() + "]";
    }
  }

  /**
   * The trained networks, optimiser states and the loss history.
   *
   * @param state the networks and optimiser states after the last step (to save, sample or resume from)
   * @param history one entry per epoch trained (the last one partial when a DP budget ran out inside it)
   * @param dpSteps the differentially private critic steps taken (each one Poisson-sampled Gaussian event);
   *     0 for a non-private training
   * @param audit the one-run audit's canaries and scores when {@link DpTraining#auditCanaries()} asked for one,
   *     otherwise {@link OneRunAudit#none()}
   */
  public record Result(TrainingState state, List<EpochStats> history, long dpSteps, OneRunAudit audit) {
    public Result {
      history = List.copyOf(history);
    }

    public Generator generator() {
      return state.generator();
    }

    @Override
    public String toString() {
      return "GanTrainer.Result[epochs=" + history.size() + (dpSteps > 0 ? ", dpSteps=" + dpSteps : "") + "]";
    }
  }

  private final GanConfig config;
  private final boolean secondThread;

  /**
   * A trainer that gives half of each large matrix product and host loop to a second thread where there is a
   * core for one ({@link SecondThread#worthwhile}).
   */
  public GanTrainer(GanConfig config) {
    this(config, SecondThread.worthwhile());
  }

  /**
   * A trainer that, with {@code secondThread}, gives half of each large matrix product and host loop to a
   * second thread ({@link SecondThread}); without, it trains on the calling thread alone (ND4J's own OpenMP
   * threads aside).
   */
  public GanTrainer(GanConfig config, boolean secondThread) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.secondThread = secondThread;
  }

  /**
   * Trains for this configuration's epochs, {@link GanConfig#stepsPerEpoch} steps each. A DP run reads each sampled
   * row's own condition from {@code rowConditions}, takes the generator's from its noisy counts, needs {@code pac = 1},
   * withholds the critic loss (NaN in the epoch statistics: a statistic of the real rows) and stops when
   * {@link DpTraining#maxSteps()} critic steps are taken. A resumed state must come from a training with the same
   * architecture, layout and condition width.
   */
  public Result train(TrainingRequest request) {
    return train(request, DpFault.NONE);
  }

  /** {@link #train(TrainingRequest)} with a deliberately broken DP step: for the tests that audits catch each fault. */
  Result train(TrainingRequest request, DpFault fault) {
    TrainingRows data = request.data();
    check(request, data.rows());
    Optional<DpTraining> dp = request.privacy();
    List<EpochStats> history = new ArrayList<>();
    int steps = config.stepsPerEpoch(data.rows());
    boolean budgetLeft = true;
    Run run;
    try (SecondThread helper = SecondThread.open(secondThread)) {
      run = new Run(request, data.rows(), fault, helper);
      for (int epoch = 1; epoch <= config.epochs() && budgetLeft; epoch++) {
        long start = System.nanoTime();
        double gSum = 0;
        double dSum = 0;
        int taken = 0;
        for (int s = 0; s < steps && budgetLeft; s++) {
          for (int d = 0; d < config.discriminatorSteps() && run.mayTakeCriticStep(); d++) {
            try (MemoryWorkspace arena = stepArena()) {
              dSum += (dp.isEmpty() ? run.criticStep() : run.dpCriticStep()) / config.discriminatorSteps();
            }
          }
          try (MemoryWorkspace arena = stepArena()) {
            gSum += run.generatorStep();
          }
          taken++;
          budgetLeft = run.mayTakeCriticStep();
        }
        double criticLoss = dp.isEmpty() ? dSum / taken : Double.NaN;
        EpochStats stats = new EpochStats(epoch, gSum / taken, criticLoss, (System.nanoTime() - start) / 1e9);
        history.add(stats);
        LOG.info("{}", stats);
        request.listener().onEpoch(stats);
        if (!budgetLeft && (epoch < config.epochs() || taken < steps)) {
          LOG.info("privacy budget spent after {} critic steps: training stops in epoch {} of {}", run.dpSteps(),
              epoch, config.epochs());
        }
      }
    }
    return new Result(new TrainingState(run.generator, run.critic, run.generatorAdam, run.criticAdam), history,
        run.dpSteps(), run.audit);
  }

  /**
   * The DP critic step of a training, exposed one step at a time for a sensitivity audit: the rows
   * {@code [population, data.rows())} of the request's data are canaries that Poisson sampling never picks by itself,
   * and {@link DpStepProbe#changes} measures how much adding one to a step's sample changes the clipped sum.
   */
  DpStepProbe probe(TrainingRequest request, int population, DpFault fault) {
    if (request.privacy().isEmpty()) {
      throw new IllegalArgumentException("a DP step probe needs the DP settings");
    }
    check(request, population);
    return new DpStepProbe(new Run(request, population, fault, SecondThread.none()));
  }

  private void check(TrainingRequest request, int population) {
    Layout layout = request.layout();
    TrainingRows data = request.data();
    Optional<ConditionalSampler> sampler = request.rowConditions();
    if (layout.width() != data.width()) {
      throw new IllegalArgumentException("encoded data has width " + data.width() + " but the layout has width "
          + layout.width());
    }
    if (data.rows() < 1) {
      throw new IllegalArgumentException("training needs at least one encoded row. Provided: 0 rows");
    }
    if (sampler.isPresent() && !sampler.get().hasRows()) {
      throw new IllegalArgumentException("the conditional sampler must index the training rows (fromTable)");
    }
    if (request.privacy().isPresent()) {
      DpTraining dp = request.privacy().get();
      if (config.pac() != 1) {
        throw new IllegalArgumentException("differentially private training needs pac = 1 (one row per critic pack,"
            + " so that one row changes one clipped gradient). Provided: pac = " + config.pac());
      }
      if (sampler.isPresent() != dp.generatorConditions().isPresent()) {
        throw new IllegalArgumentException("a DP training with discrete columns needs both the row sampler and the"
            + " generator's noisy-count sampler; without discrete columns neither. Provided: row sampler "
            + (sampler.isPresent() ? "present" : "none") + ", generator sampler "
            + (dp.generatorConditions().isPresent() ? "present" : "none"));
      }
      if (config.batchSize() > population) {
        throw new IllegalArgumentException("the expected batch size must not exceed the number of rows under Poisson"
            + " sampling. Provided: batch size " + config.batchSize() + " for " + population + " rows");
      }
    }
  }

  /** Opens this thread's step arena; closing it makes every array allocated inside invalid. */
  private static MemoryWorkspace stepArena() {
    return Arena.open("dpcgan-gan-step");
  }

  /** Per-run state: networks, optimiser moments and streams. */
  final class Run {
    final TrainingRows data;
    final ConditionalSampler sampler;
    final int conditionWidth;
    final int width;
    final int batch;
    final Generator generator;
    final Discriminator critic;
    final AdamState generatorAdam;
    final AdamState criticAdam;
    final GradientPenalty penalty;
    final ConditionalCrossEntropy conditionalLoss;
    final RandomStream noise;
    final RandomStream dropout;
    final SplittableRandom conditions;
    final SplittableRandom rows;
    final ConditionalSampler generatorSampler;
    final DpTraining dp;
    final DpSgdAggregator aggregator;
    final PoissonSampler poisson;
    final int population;
    final OneRunAudit audit;
    final DpFault fault;
    final SecondThread helper;

    /**
     * {@code population}: the rows {@code [0, population)} a DP step Poisson-samples (all but a probe's canaries);
     * {@code helper}: where the networks, the penalty and the optimiser steps of this run split their work.
     */
    Run(TrainingRequest request, int population, DpFault fault, SecondThread helper) {
      this.helper = helper;
      Layout layout = request.layout();
      RandomStreams streams = request.streams();
      this.data = request.data();
      this.sampler = request.rowConditions().orElse(null);
      this.conditionWidth = sampler == null ? 0 : sampler.conditionWidth();
      this.width = data.width();
      this.batch = config.batchSize();
      RandomStream init = streams.stream("init");
      this.generator = new Generator(config, layout, conditionWidth, DTYPE, init.child("generator"), helper);
      this.critic = new Discriminator(config, width + conditionWidth, DTYPE, init.child("discriminator"), helper);
      if (request.resumeFrom().isEmpty()) {
        this.generatorAdam = config.generatorOptimizer().newState(generator.parameters());
        this.criticAdam = config.discriminatorOptimizer().newState(critic.network().parameters());
      } else {
        TrainingState from = request.resumeFrom().get();
        copyInto("generator", from.generator().state(), generator.state());
        copyInto("critic", from.critic().network().parameters(), critic.network().parameters());
        this.generatorAdam = from.generatorAdam().copyFor(generator.parameters());
        this.criticAdam = from.criticAdam().copyFor(critic.network().parameters());
      }
      this.penalty = new GradientPenalty(config.penaltyWeight());
      List<ConditionalCrossEntropy.Block> blocks = new ArrayList<>();
      if (sampler != null) {
        for (ConditionalSampler.DiscreteColumn c : sampler.columns()) {
          blocks.add(new ConditionalCrossEntropy.Block(c.conditionOffset(), c.dataOffset(), c.categories()));
        }
      }
      this.conditionalLoss = conditionWidth == 0 ? null : new ConditionalCrossEntropy(blocks);
      this.noise = streams.stream("noise");
      this.dropout = streams.stream("dropout");
      this.conditions = new SplittableRandom(streams.stream("conditions").nextLong());
      this.rows = new SplittableRandom(streams.stream("rows").nextLong());
      this.dp = request.privacy().orElse(null);
      this.generatorSampler = dp == null ? sampler : dp.generatorConditions().orElse(null);
      this.population = population;
      this.fault = fault;
      this.poisson = dp == null ? null : PoissonSampler.forExpectedBatchSize(batch, population);
      this.audit = dp == null || dp.auditCanaries() == 0 ? OneRunAudit.none()
          : OneRunAudit.of(dp.auditCanaries(), dp.sampling());
      this.aggregator = dp == null ? null : fault.aggregator(dp, batch, population).withAudit(audit);
    }

    /** False once a DP training has taken the steps its budget allows. */
    boolean mayTakeCriticStep() {
      return dp == null || aggregator.steps() < dp.maxSteps();
    }

    /** The DP critic steps taken (each one event), as the privacy module counts them. */
    long dpSteps() {
      return aggregator == null ? 0 : aggregator.steps();
    }

    /** One critic update; returns the critic loss including the penalty. */
    double criticStep() {
      ConditionalSampler.Conditions c = conditionWidth == 0 ? null : sampler.sampleConditions(batch, conditions);
      INDArray fakeCondition = conditionMatrix(c);
      int[] realRows = new int[batch];
      int[] perm = null;
      if (c == null) {
        for (int i = 0; i < batch; i++) {
          realRows[i] = rows.nextInt(data.rows());
        }
      } else {
        // Real rows carry the sampled conditions, shuffled so a pack's real and fake rows are unrelated.
        int[] carrying = sampler.sampleRows(c, rows);
        perm = Permutation.of(batch, rows);
        for (int i = 0; i < batch; i++) {
          realRows[i] = carrying[perm[i]];
        }
      }
      INDArray fake = generate(fakeCondition, Mode.TRAINING).heads().output();
      INDArray realPacked = critic.pack(realRows(realRows, c, perm));
      INDArray fakePacked = critic.pack(withCondition(fake, fakeCondition));

      // Real and fake packs in one pass (larger GEMMs, half the per-op calls): the critic has no batch
      // statistics, so each pack's score and the stacked batch's parameter gradient (the sum of the real and
      // the fake gradients) are what two separate passes give.
      long packs = realPacked.size(0);
      Forward pass = critic.network().forward(Nd4j.concat(0, realPacked, fakePacked), Mode.TRAINING, dropout);
      Wasserstein.CriticLoss loss = Wasserstein.criticLoss(
          pass.output().get(NDArrayIndex.interval(0, packs), NDArrayIndex.all()),
          pass.output().get(NDArrayIndex.interval(packs, 2 * packs), NDArrayIndex.all()));
      List<INDArray> grads =
          critic.network().parameterGradients(Nd4j.concat(0, loss.realGrad(), loss.fakeGrad()), pass.cache());
      GradientPenalty.Result gp =
          penalty.compute(critic.network(), penalty.interpolate(realPacked, fakePacked, dropout), dropout, helper);
      gp.addTo(grads);
      criticAdam.step(grads, helper);
      return loss.value() + gp.value();
    }

    /**
     * One differentially private critic update (see {@link DpTraining}); returns the critic loss of the sampled
     * rows, which the caller must not release. pac = 1, so rows are packs.
     */
    double dpCriticStep() {
      int[] sampled = poisson.sample(population, dp.sampling());
      if (sampled.length == 0) {
        List<long[]> shapes = critic.network().parameters().stream().map(p -> p.value().shape()).toList();
        criticAdam.step(aggregator.aggregateEmptyBatch(shapes, DTYPE), helper);
        return 0;
      }
      DpCriticGradient.Terms terms = dpTerms(sampled, aggregator.steps());
      criticAdam.step(aggregator.aggregate(terms.gradients()), helper);
      return terms.loss();
    }

    /**
     * The per-row critic gradients of DP step {@code step} for the sampled rows: each row's condition is its own
     * category (or pair), its partner is generated under it, and all helper randomness comes from the step's
     * row-keyed stream, so row i's gradient depends on row i alone (DpTraining).
     */
    DpCriticGradient.Terms dpTerms(int[] sampled, long step) {
      RandomStream rowwise = fault == DpFault.POSITIONAL_RANDOMNESS ? RandomStreams.of(step).stream("positional")
          : RandomStream.rowKeyed(dp.helperKey(), step, Arrays.stream(sampled).asLongStream().toArray());
      int m = sampled.length;
      ConditionalSampler.Conditions c = conditionWidth == 0 ? null
          : sampler.conditionsOfRows(sampled, HostArrays.doubles(rowwise.uniform(DataType.DOUBLE, m, 1)));
      INDArray condition = conditionMatrix(c);
      INDArray real = realRows(sampled, c, null);
      INDArray fake = withCondition(fault == DpFault.BATCH_NORM_COUPLING ? coupledPartners(condition, m)
          : partners(condition, m, rowwise), condition);
      return DpCriticGradient.compute(critic.network(), penalty, real, fake, rowwise, helper);
    }

    /**
     * {@code m} generated rows for the given conditions, one per row of the stream: the body with the generator's
     * running batch-norm statistics (no statistics over these rows), the heads' Gumbel-softmax as in training.
     */
    INDArray partners(INDArray condition, int m, RandomStream rowwise) {
      INDArray z = rowwise.normal(DTYPE, 0, 1, m, generator.latentWidth());
      Forward body = generator.body().forward(withCondition(z, condition), Mode.INFERENCE, rowwise);
      return generator.heads().forward(body.output(), Mode.TRAINING, rowwise).output();
    }

    /** The fault {@link DpFault#BATCH_NORM_COUPLING}: partners with the batch's own statistics, as before the fix. */
    INDArray coupledPartners(INDArray condition, int m) {
      if (m >= 2) {
        return generate(condition, Mode.TRAINING, m).heads().output();
      }
      INDArray twice = condition == null ? null : Nd4j.concat(0, condition, condition);
      return generate(twice, Mode.TRAINING, 2).heads().output().getRows(0);
    }

    /** One generator update; returns the generator loss including the conditional loss. */
    double generatorStep() {
      ConditionalSampler.Conditions c = conditionWidth == 0 ? null
          : generatorSampler.sampleConditions(batch, conditions);
      INDArray condition = conditionMatrix(c);
      Generated g = generate(condition, Mode.TRAINING);
      Forward scored = critic.network().forward(critic.pack(withCondition(g.heads().output(), condition)),
          Mode.TRAINING, dropout);
      Wasserstein.GeneratorLoss loss = Wasserstein.generatorLoss(scored.output());
      INDArray rowGrad = critic.unpack(critic.network().inputGradient(loss.fakeGrad(), scored.cache()));
      INDArray headsGrad = ColumnBlocks.copy(rowGrad, 0, width);
      INDArray logitsGrad = generator.heads().backward(headsGrad, g.heads().cache()).inputGrad();
      double value = loss.value();
      if (c != null) {
        INDArray mask = HostArrays.of(c.mask(), batch, c.discreteColumns());
        ConditionalCrossEntropy.Result ce = conditionalLoss.compute(g.body().output(), condition, mask);
        logitsGrad.addi(ce.logitsGrad());
        value += ce.value();
      }
      generatorAdam.step(generator.body().parameterGradients(logitsGrad, g.body().cache()), helper);
      return value;
    }

    Generated generate(INDArray condition, Mode mode) {
      return generate(condition, mode, batch);
    }

    Generated generate(INDArray condition, Mode mode, int n) {
      INDArray z = noise.normal(DTYPE, 0, 1, n, generator.latentWidth());
      Forward body = generator.body().forward(withCondition(z, condition), mode, noise);
      return new Generated(body, generator.heads().forward(body.output(), mode, noise));
    }

    /**
     * Training rows {@code dataRows}, row i followed by condition vector {@code conditionOrder[i]} of {@code c}
     * (vector i when {@code conditionOrder} is null; no condition when {@code c} is null), gathered on the host
     * into one array: one copy, where ND4J's {@code getRows} makes a view per row.
     */
    INDArray realRows(int[] dataRows, ConditionalSampler.Conditions c, int[] conditionOrder) {
      int rowWidth = width + conditionWidth;
      float[] out = new float[dataRows.length * rowWidth];
      for (int i = 0; i < dataRows.length; i++) {
        data.copyRow(dataRows[i], out, i * rowWidth);
        if (c != null) {
          int k = conditionOrder == null ? i : conditionOrder[i];
          System.arraycopy(c.vectors(), k * conditionWidth, out, i * rowWidth + width, conditionWidth);
        }
      }
      return HostArrays.of(out, dataRows.length, rowWidth);
    }

    INDArray conditionMatrix(ConditionalSampler.Conditions c) {
      return c == null ? null : HostArrays.of(c.vectors(), c.vectors().length / conditionWidth, conditionWidth);
    }
  }

  /** The generator's body pass (logits) and heads pass (activated rows). */
  record Generated(Forward body, Forward heads) {}

  /** Copies the values of {@code from} into {@code to}, which must hold the same names and shapes in order. */
  private static void copyInto(String network, List<Parameter> from, List<Parameter> to) {
    if (from.size() != to.size()) {
      throw new IllegalArgumentException("cannot resume: the saved " + network + " has " + from.size()
          + " tensors, this configuration's has " + to.size());
    }
    for (int i = 0; i < from.size(); i++) {
      Parameter f = from.get(i);
      Parameter t = to.get(i);
      if (!f.name().equals(t.name()) || !Arrays.equals(f.value().shape(), t.value().shape())) {
        throw new IllegalArgumentException("cannot resume: the saved " + network + " has tensor " + f.name()
            + Arrays.toString(f.value().shape()) + " where this configuration has " + t.name()
            + Arrays.toString(t.value().shape()));
      }
      t.value().assign(f.value());
    }
  }

  static INDArray withCondition(INDArray rows, INDArray condition) {
    return condition == null ? rows : Nd4j.concat(1, rows, condition);
  }
}
