package org.dpcgan.core.internal.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.dpcgan.core.internal.loss.GradientPenalty;
import org.dpcgan.core.internal.loss.GradientPenaltyTest;
import org.dpcgan.core.internal.loss.Wasserstein;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.LinearFactors;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.TestData;
import org.dpcgan.privacy.clipping.PerExampleClipping;
import org.dpcgan.privacy.clipping.PerExampleGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The DP critic step's contract (DESIGN.md §4): pack i's gradient of the whole critic loss
 * {@code ℓ_i = D(fake_i) − D(real_i) + λ(‖∇D(x̂_i)‖ − 1)²} is the sum of the real, fake and penalty factor terms,
 * it matches central differences of ℓ_i, and the privacy module's norm and weighted sum of it (Gram identity, GEMMs)
 * match the materialised gradient.
 */
class DpCriticStepTest {
  private static final DataType D = DataType.DOUBLE;
  private static final int P = 4;
  private static final Supplier<RandomStream> REAL_MASK = () -> RandomStreams.of(41).stream("real");
  private static final Supplier<RandomStream> FAKE_MASK = () -> RandomStreams.of(41).stream("fake");
  private static final Supplier<RandomStream> GP_MASK = () -> RandomStreams.of(41).stream("gp");
  private static final GradientPenalty GP = new GradientPenalty(10.0);

  @Test
  void perPackGradientOfTheWholeCriticLoss_matchesFiniteDifferences_andItsNorm() {
    Sequential critic = GradientPenaltyTest.critic();
    INDArray real = TestData.normal(1, "real", D, P, 6);
    INDArray fake = TestData.normal(1, "fake", D, P, 6);
    INDArray xhat = GP.interpolate(real, fake, RandomStreams.of(1).stream("eps"));

    Forward dReal = critic.forward(real, Mode.TRAINING, REAL_MASK.get());
    Forward dFake = critic.forward(fake, Mode.TRAINING, FAKE_MASK.get());
    Wasserstein.CriticLoss loss = Wasserstein.criticLoss(dReal.output(), dFake.output());
    List<LinearFactors> realTerms = critic.perExampleFactors(loss.perExampleRealGrad(), dReal.cache());
    List<LinearFactors> fakeTerms = critic.perExampleFactors(loss.perExampleFakeGrad(), dFake.cache());
    List<LinearFactors> gpTerms = GP.compute(critic, xhat, GP_MASK.get()).perExampleFactors();
    List<List<LinearFactors>> perLayer = new ArrayList<>();
    for (int l = 0; l < realTerms.size(); l++) {
      perLayer.add(List.of(realTerms.get(l), fakeTerms.get(l), gpTerms.get(l)));
    }

    List<Linear> linears = critic.linears();
    double[] materialisedNorms = new double[P];
    INDArray c = TestData.normal(3, "clip", D, P);
    List<INDArray> expectedWeighted = new ArrayList<>();
    critic.parameters().forEach(p -> expectedWeighted.add(p.value().mul(0.0)));
    for (int pack = 0; pack < P; pack++) {
      int i = pack;
      DoubleSupplier packLoss = () ->
          critic.forward(fake, Mode.TRAINING, FAKE_MASK.get()).output().getDouble(i, 0)
              - critic.forward(real, Mode.TRAINING, REAL_MASK.get()).output().getDouble(i, 0)
              + GP.compute(critic, xhat, GP_MASK.get()).perExampleValues().getDouble(i);
      for (int l = 0; l < linears.size(); l++) {
        INDArray w = null;
        INDArray b = null;
        for (LinearFactors term : perLayer.get(l)) {
          INDArray wi = term.materializeWeightGradients().get(NDArrayIndex.point(i), NDArrayIndex.all(),
              NDArrayIndex.all()).dup();
          INDArray bi = term.materializeBiasGradients().getRow(i).dup();
          w = w == null ? wi : w.addi(wi);
          b = b == null ? bi : b.addi(bi);
        }
        if (i < 2) {   // finite differences for two packs keep the test short
          GradientChecker.standard().check("pack " + i + " W" + l, packLoss, linears.get(l).weight(), w);
          GradientChecker.standard().check("pack " + i + " b" + l, packLoss, linears.get(l).bias(), b);
        }
        materialisedNorms[i] += w.mul(w).sumNumber().doubleValue() + b.mul(b).sumNumber().doubleValue();
        expectedWeighted.get(2 * l).addi(w.mul(c.getDouble(i)));
        expectedWeighted.get(2 * l + 1).addi(b.mul(c.getDouble(i)));
      }
    }
    // The privacy module's view of the same terms (DpCriticGradient.layerGradients): its norms and weighted sums.
    List<PerExampleGradient> gradients = new ArrayList<>();
    for (List<LinearFactors> terms : perLayer) {
      gradients.addAll(DpCriticGradient.layerGradients(terms.get(0), terms.get(1), terms.get(2)));
    }
    INDArray norms = PerExampleClipping.norms(gradients);
    for (int i = 0; i < P; i++) {
      double n = Math.sqrt(materialisedNorms[i]);
      assertThat(norms.getDouble(i)).isCloseTo(n, within(1e-10 * (1 + n)));
    }
    // The weighted sum Σ_i c_i·g_i, aligned with critic.parameters().
    assertThat(gradients).hasSameSizeAs(critic.parameters());
    for (int k = 0; k < gradients.size(); k++) {
      org.dpcgan.core.testing.Arrays2d.assertClose("Σ c_i g_i [" + k + "]", gradients.get(k).weightedSum(c),
          expectedWeighted.get(k), 1e-10);
    }
  }
}
