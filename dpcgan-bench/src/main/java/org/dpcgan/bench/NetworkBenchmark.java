package org.dpcgan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dpcgan.core.internal.exec.Arena;
import org.dpcgan.core.internal.exec.ColumnBlocks;
import org.dpcgan.core.internal.loss.ConditionalCrossEntropy;
import org.dpcgan.core.internal.loss.GradientPenalty;
import org.dpcgan.core.internal.loss.Wasserstein;
import org.dpcgan.core.internal.nn.Backward;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.LinearFactors;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.OutputHeads;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.optim.Adam;
import org.dpcgan.core.internal.optim.AdamState;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.privacy.clipping.DenseGradient;
import org.dpcgan.privacy.clipping.FactoredGradient;
import org.dpcgan.privacy.clipping.PerExampleClipping;
import org.dpcgan.privacy.clipping.PerExampleGradient;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of each network at the default architecture, in batch mode and in per-example mode
 * (the DP-SGD critic step: per-pack norms from factors, clipping, weighted sum; the noise is timed in the
 * privacy module's NoiseBenchmark).
 *
 * <p>Arithmetic, with {@code M = Σ in·out} over the Linear layers and multiply-adds counted as 2 FLOP: the critic
 * step is a forward ({@code 2·P·M}) and a parameter-gradient pass ({@code 2·P·M}, plus the input gradients of the
 * layers after the first) on the real packs and on the fake packs, and the gradient penalty ({@code 2·P·M}
 * forward, {@code 2·P·M} input gradient, {@code 4·P·M} second-order sweep): about {@code 16.4·P·M_D}, 586 MFLOP.
 * The generator step is {@code 6·B·M_G} for the generator less its first layer's input gradient
 * ({@code 2·B·232·256}, not computed), and {@code 4·P·M_D} (forward and input gradient) for the critic it
 * back-propagates through: 987 MFLOP. GFLOP/s = these counts / time (docs/benchmarks.md). Every
 * step runs inside a reused workspace, as the trainer's steps do ({@link Arena}).
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NetworkBenchmark {

  /** Linear forward + backward on {@code [batch, in] → [batch, out]}. */
  @State(Scope.Thread)
  public static class LinearState {
    @Param({"50"})
    public int batch;
    @Param({"2540"})
    public int in;
    @Param({"256"})
    public int out;

    Linear linear;
    INDArray input;
    INDArray outputGrad;

    @Setup
    public void setUp() {
      RandomStreams streams = RandomStreams.of(7);
      linear = new Linear("fc", in, out, DataType.FLOAT, streams.stream("init"));
      input = streams.stream("data").normal(DataType.FLOAT, 0, 1, batch, in);
      outputGrad = streams.stream("grad").normal(DataType.FLOAT, 0, 1, batch, out);
      // Per-example factors with unit weights must give the batch gradient before anything is timed.
      Forward f = linear.forward(input, Mode.TRAINING, null);
      INDArray batchGrad = linear.backward(outputGrad, f.cache()).parameterGrads().get(0);
      INDArray ones = Nd4j.ones(DataType.FLOAT, batch);
      LinearFactors factors = linear.factors(outputGrad, f.cache());
      INDArray summed = FactoredGradient.of(factors.inputs(), factors.outputGrads()).weightedSum(ones);
      Checks.close("Linear per-example sum vs batch gradient", summed, batchGrad, 1e-3);
    }
  }

  @Benchmark
  public Backward linearForwardBackward(LinearState s) {
    Forward f = s.linear.forward(s.input, Mode.TRAINING, null);
    return s.linear.backward(s.outputGrad, f.cache());
  }

  @Benchmark
  public INDArray linearForwardBackwardPerExample(LinearState s) {
    Forward f = s.linear.forward(s.input, Mode.TRAINING, null);
    LinearFactors factors = s.linear.factors(s.outputGrad, f.cache());
    List<PerExampleGradient> terms = List.of(FactoredGradient.of(factors.inputs(), factors.outputGrads()),
        new DenseGradient(factors.outputGrads()));
    INDArray clip = clipFactors(PerExampleClipping.norms(terms), 1.0);
    terms.get(1).weightedSum(clip);
    return terms.get(0).weightedSum(clip);
  }

  /** The critic step: batch 500 rows in 50 packs of 10, input width 2540, with gradient penalty and Adam. */
  @State(Scope.Thread)
  public static class CriticState {
    @Param({"50"})
    public int packs;
    @Param({"2540"})
    public int width;

    Sequential critic;
    AdamState adam;
    GradientPenalty penalty = new GradientPenalty(GradientPenalty.DEFAULT_LAMBDA);
    INDArray real;
    INDArray fake;
    RandomStream dropout;

    @Setup(Level.Trial)
    public void setUp() {
      RandomStreams streams = RandomStreams.of(11);
      critic = NetworkShapes.discriminator(width, streams.stream("init"));
      adam = Adam.ctganDefaults().newState(critic.parameters());
      real = streams.stream("real").normal(DataType.FLOAT, 0, 1, packs, width);
      fake = streams.stream("fake").normal(DataType.FLOAT, 0, 1, packs, width);
      dropout = streams.stream("dropout");
      // Unclipped per-example gradients (C = ∞) summed and averaged must equal the batch gradient.
      List<INDArray> batch = criticGradients(this, false);
      List<INDArray> perExample = perExampleCriticGradients(this, Double.POSITIVE_INFINITY, true);
      for (int i = 0; i < batch.size(); i++) {
        Checks.close("critic parameter " + i + " per-example vs batch", perExample.get(i), batch.get(i), 2e-3);
      }
    }
  }

  @Benchmark
  public AdamState criticStep(CriticState s) {
    try (MemoryWorkspace step = Arena.open("dpcgan-bench-step")) {
      s.adam.step(criticGradients(s, true));
    }
    return s.adam;
  }

  @Benchmark
  public AdamState criticStepPerExample(CriticState s) {
    try (MemoryWorkspace step = Arena.open("dpcgan-bench-step")) {
      s.adam.step(perExampleCriticGradients(s, 1.0, false));
    }
    return s.adam;
  }

  /** The generator step: batch 500, 232 → residual 256 → residual 256 → 157 with heads, through the critic. */
  @State(Scope.Thread)
  public static class GeneratorState {
    @Param({"500"})
    public int batch;

    Sequential generator;
    OutputHeads heads;
    Sequential critic;
    AdamState adam;
    ConditionalCrossEntropy conditionalLoss;
    INDArray condition;
    INDArray activeMask;
    RandomStream noise;
    int outputWidth;
    int conditionWidth;

    @Setup(Level.Trial)
    public void setUp() {
      RandomStreams streams = RandomStreams.of(13);
      outputWidth = NetworkShapes.outputWidth();
      conditionWidth = NetworkShapes.conditionWidth();
      generator = NetworkShapes.generator(NetworkShapes.LATENT + conditionWidth, outputWidth, streams.stream("g"));
      heads = new OutputHeads("heads", NetworkShapes.outputSpans(), OutputHeads.DEFAULT_TAU, false);
      critic = NetworkShapes.discriminator(NetworkShapes.PAC * (outputWidth + conditionWidth), streams.stream("d"));
      adam = Adam.ctganDefaults().newState(generator.parameters());
      noise = streams.stream("noise");

      // One hot condition block per row (CTGAN single conditioning), over the categorical spans.
      List<ConditionalCrossEntropy.Block> blocks = new ArrayList<>();
      int conditionOffset = 0;
      int outputOffset = outputWidth - conditionWidth;   // categorical spans come last in the layout
      for (int w : NetworkShapes.CATEGORICAL_WIDTHS) {
        blocks.add(new ConditionalCrossEntropy.Block(conditionOffset, outputOffset, w));
        conditionOffset += w;
        outputOffset += w;
      }
      conditionalLoss = new ConditionalCrossEntropy(blocks);
      RandomStream pick = streams.stream("conditions");
      condition = Nd4j.zeros(DataType.FLOAT, batch, conditionWidth);
      activeMask = Nd4j.zeros(DataType.FLOAT, batch, blocks.size());
      for (int r = 0; r < batch; r++) {
        int b = pick.nextInt(blocks.size());
        var block = blocks.get(b);
        condition.putScalar(r, block.conditionOffset() + pick.nextInt(block.width()), 1.0);
        activeMask.putScalar(r, b, 1.0);
      }
      if (generatorStepLoss(this) == null) {
        throw new IllegalStateException("generator step produced no gradients");
      }
    }
  }

  @Benchmark
  public AdamState generatorStep(GeneratorState s) {
    try (MemoryWorkspace step = Arena.open("dpcgan-bench-step")) {
      s.adam.step(generatorStepLoss(s));
    }
    return s.adam;
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * The non-private critic step's gradients. {@code stacked}, as {@code GanTrainer} takes the step: real and fake
   * packs scored in one pass with one parameter-gradient pass (exact, as the critic has no batch statistics);
   * otherwise two passes, the form the per-example gradients are checked against (their dropout masks are drawn
   * in the same order).
   */
  static List<INDArray> criticGradients(CriticState s, boolean stacked) {
    List<INDArray> grads;
    if (stacked) {
      Forward pass = s.critic.forward(Nd4j.concat(0, s.real, s.fake), Mode.TRAINING, s.dropout);
      var loss = Wasserstein.criticLoss(pass.output().get(NDArrayIndex.interval(0, s.packs), NDArrayIndex.all()),
          pass.output().get(NDArrayIndex.interval(s.packs, 2 * s.packs), NDArrayIndex.all()));
      grads = s.critic.parameterGradients(Nd4j.concat(0, loss.realGrad(), loss.fakeGrad()), pass.cache());
    } else {
      Forward fr = s.critic.forward(s.real, Mode.TRAINING, s.dropout);
      Forward ff = s.critic.forward(s.fake, Mode.TRAINING, s.dropout);
      var loss = Wasserstein.criticLoss(fr.output(), ff.output());
      grads = new ArrayList<>(s.critic.parameterGradients(loss.realGrad(), fr.cache()));
      List<INDArray> fakeGrads = s.critic.parameterGradients(loss.fakeGrad(), ff.cache());
      for (int i = 0; i < grads.size(); i++) {
        grads.get(i).addi(fakeGrads.get(i));
      }
    }
    INDArray interpolates = s.penalty.interpolate(s.real, s.fake, s.dropout);
    s.penalty.compute(s.critic, interpolates, s.dropout).addTo(grads);
    return grads;
  }

  /**
   * Per-pack gradients of the whole critic loss (real + fake + penalty), clipped to {@code clip} and averaged
   * over the packs. With {@code reseed} the dropout stream is re-created so the masks match
   * {@link #criticGradients}'s unstacked (used by the set-up check only).
   */
  static List<INDArray> perExampleCriticGradients(CriticState s, double clip, boolean reseed) {
    if (reseed) {
      s.dropout = RandomStreams.of(11).stream("dropout");
    }
    Forward fr = s.critic.forward(s.real, Mode.TRAINING, s.dropout);
    Forward ff = s.critic.forward(s.fake, Mode.TRAINING, s.dropout);
    var loss = Wasserstein.criticLoss(fr.output(), ff.output());
    var real = s.critic.perExampleFactors(loss.perExampleRealGrad(), fr.cache());
    var fake = s.critic.perExampleFactors(loss.perExampleFakeGrad(), ff.cache());
    INDArray interpolates = s.penalty.interpolate(s.real, s.fake, s.dropout);
    var gp = s.penalty.compute(s.critic, interpolates, s.dropout).perExampleFactors();
    List<PerExampleGradient> perExample = new ArrayList<>();
    for (int l = 0; l < real.size(); l++) {
      perExample.add(new FactoredGradient(List.of(factor(real.get(l)), factor(fake.get(l)), factor(gp.get(l)))));
      perExample.add(new DenseGradient(real.get(l).outputGrads().add(fake.get(l).outputGrads())));
    }
    INDArray factors = clipFactors(PerExampleClipping.norms(perExample), clip).divi(s.packs);
    List<INDArray> grads = new ArrayList<>();
    for (PerExampleGradient g : perExample) {
      grads.add(g.weightedSum(factors));
    }
    if (reseed) {
      s.dropout = RandomStreams.of(11).stream("dropout");
    }
    return grads;
  }

  static List<INDArray> generatorStepLoss(GeneratorState s) {
    INDArray z = s.noise.normal(DataType.FLOAT, 0, 1, s.batch, NetworkShapes.LATENT);
    INDArray input = Nd4j.concat(1, z, s.condition);
    Forward g = s.generator.forward(input, Mode.TRAINING, s.noise);
    Forward h = s.heads.forward(g.output(), Mode.TRAINING, s.noise);
    INDArray packed = Nd4j.concat(1, h.output(), s.condition)
        .reshape('c', s.batch / NetworkShapes.PAC, (long) NetworkShapes.PAC * (s.outputWidth + s.conditionWidth));
    Forward d = s.critic.forward(packed, Mode.TRAINING, s.noise);
    var loss = Wasserstein.generatorLoss(d.output());
    INDArray packedGrad = s.critic.inputGradient(loss.fakeGrad(), d.cache())
        .reshape('c', s.batch, s.outputWidth + s.conditionWidth);
    INDArray headsGrad = ColumnBlocks.copy(packedGrad, 0, s.outputWidth);
    INDArray logitsGrad = s.heads.backward(headsGrad, h.cache()).inputGrad();
    logitsGrad.addi(s.conditionalLoss.compute(g.output(), s.condition, s.activeMask).logitsGrad());
    return s.generator.parameterGradients(logitsGrad, g.cache());
  }

  private static FactoredGradient.Factor factor(LinearFactors f) {
    return new FactoredGradient.Factor(f.inputs(), f.outputGrads());
  }

  static INDArray clipFactors(INDArray norms, double clip) {
    if (Double.isInfinite(clip)) {
      return Nd4j.ones(norms.dataType(), norms.shape());
    }
    return Transforms.min(Transforms.max(norms, 1e-12, true).rdivi(clip), 1.0, false);
  }
}
