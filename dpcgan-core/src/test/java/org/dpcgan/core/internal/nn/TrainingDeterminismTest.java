package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.core.testing.Arrays2d.assertBitIdentical;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.internal.loss.GradientPenalty;
import org.dpcgan.core.internal.loss.Wasserstein;
import org.dpcgan.core.internal.nn.OutputHeads.Activation;
import org.dpcgan.core.internal.nn.OutputHeads.Span;
import org.dpcgan.core.internal.optim.Adam;
import org.dpcgan.core.internal.optim.AdamState;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Same seed ⇒ bit-identical parameters after 100 WGAN-GP steps of a small generator/critic pair in FLOAT on the
 * CPU backend (BatchNorm, dropout masks, Gumbel noise, gradient penalty and AdamW all included).
 */
class TrainingDeterminismTest {
  private static final DataType F = DataType.FLOAT;
  private static final int B = 16;
  private static final int Z = 8;
  private static final int WIDTH = 6;

  /** Parameters and BatchNorm running statistics after training. */
  private static List<INDArray> train(long seed, int steps) {
    RandomStreams streams = RandomStreams.of(seed);
    RandomStream init = streams.stream("init");
    BatchNorm1d bn = new BatchNorm1d("g.bn", 16, F);
    Sequential generator = new Sequential("generator", List.of(
        new Residual(new Sequential("g.res", List.of(new Linear("g.fc", Z, 16, F, init), bn, new ReLU()))),
        new Linear("g.out", 16 + Z, WIDTH, F, init),
        new OutputHeads(List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX),
            new Span(2, Activation.GUMBEL_SOFTMAX)), 0.2, false)));
    Sequential critic = new Sequential("critic", List.of(
        new Linear("d.fc", WIDTH, 16, F, init), new LeakyReLU(0.2), new Dropout(0.5),
        new Linear("d.out", 16, 1, F, init)));
    Adam adam = new Adam(2e-3, 0.5, 0.9, 1e-8, 1e-6);
    AdamState gState = adam.newState(generator.parameters());
    AdamState dState = adam.newState(critic.parameters());
    GradientPenalty gp = new GradientPenalty(10.0);
    RandomStream data = streams.stream("data");
    RandomStream noise = streams.stream("noise");
    RandomStream dropout = streams.stream("dropout");
    RandomStream gumbel = streams.stream("gumbel");
    for (int step = 0; step < steps; step++) {
      // Critic step.
      INDArray real = data.normal(F, 0.5, 0.3, B, WIDTH);
      INDArray fake = generator.forward(noise.normal(F, 0, 1, B, Z), Mode.TRAINING, gumbel).output();
      Forward dReal = critic.forward(real, Mode.TRAINING, dropout);
      Forward dFake = critic.forward(fake, Mode.TRAINING, dropout);
      Wasserstein.CriticLoss loss = Wasserstein.criticLoss(dReal.output(), dFake.output());
      List<INDArray> grads = sum(critic.backward(loss.realGrad(), dReal.cache()).parameterGrads(),
          critic.backward(loss.fakeGrad(), dFake.cache()).parameterGrads());
      GradientPenalty.Result penalty = gp.compute(critic, gp.interpolate(real, fake, noise), dropout);
      dState.step(sum(grads, penalty.parameterGrads()));
      // Generator step.
      Forward g = generator.forward(noise.normal(F, 0, 1, B, Z), Mode.TRAINING, gumbel);
      Forward d = critic.forward(g.output(), Mode.TRAINING, dropout);
      Wasserstein.GeneratorLoss gLoss = Wasserstein.generatorLoss(d.output());
      INDArray dFakeInput = critic.backward(gLoss.fakeGrad(), d.cache()).inputGrad();
      gState.step(generator.backward(dFakeInput, g.cache()).parameterGrads());
      assertThat(loss.value()).isFinite();
      assertThat(penalty.value()).isFinite();
    }
    List<INDArray> state = new ArrayList<>();
    generator.parameters().forEach(p -> state.add(p.value()));
    critic.parameters().forEach(p -> state.add(p.value()));
    state.add(bn.runningMean());
    state.add(bn.runningVar());
    return state;
  }

  private static List<INDArray> sum(List<INDArray> a, List<INDArray> b) {
    List<INDArray> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(a.get(i).add(b.get(i)));
    }
    return out;
  }

  @Test
  void sameSeed_givesBitIdenticalParameters_after100Steps() {
    List<INDArray> first = train(42, 100);
    List<INDArray> second = train(42, 100);
    assertThat(first).hasSameSizeAs(second);
    for (int i = 0; i < first.size(); i++) {
      assertBitIdentical("tensor " + i, second.get(i), first.get(i));
    }
    // The parameters did move, and another seed ends elsewhere.
    List<INDArray> untrained = train(42, 0);
    assertThat(first.get(0).sub(untrained.get(0)).norm2Number().doubleValue()).isGreaterThan(1e-3);
    List<INDArray> otherSeed = train(43, 3);
    assertThat(otherSeed.get(0).sub(first.get(0)).norm2Number().doubleValue()).isGreaterThan(1e-3);
  }
}
