package org.dpcgan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpcgan.core.testing.Arrays2d.assertClose;

import java.util.List;
import java.util.function.Supplier;
import org.dpcgan.core.random.RandomStream;
import org.dpcgan.core.random.RandomStreams;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-example gradients in factored form: they sum to the batch gradient, each matches central differences of
 * its own example's loss, and norms and weighted sums computed from the factors match the materialised
 * gradients.
 */
class PerExampleGradientsTest {
  private static final DataType D = DataType.DOUBLE;
  private static final int B = 5;
  private static final Supplier<RandomStream> MASK = () -> RandomStreams.of(21).stream("dropout");

  /** Un-averaged per-example output gradients (e.g. ±1 for the Wasserstein terms, here random). */
  private static INDArray outputGrad() {
    return TestData.normal(8, "c", D, B, 1);
  }

  @Test
  void perExampleGradients_sumToBatchGradient() {
    Sequential critic = LayerGradientTest.critic(D);
    INDArray x = TestData.normal(7, "x", D, B, 8);
    Forward f = critic.forward(x, Mode.TRAINING, MASK.get());
    Backward batch = critic.backward(outputGrad(), f.cache());
    Sequential.PerExampleBackward perExample = critic.backwardPerExample(outputGrad(), f.cache());
    assertThat(perExample.factors()).hasSize(3);
    assertClose("inputGrad", perExample.inputGrad(), batch.inputGrad(), 1e-14);
    for (int l = 0; l < 3; l++) {
      LinearFactors factors = perExample.factors().get(l);
      INDArray summedW = factors.materializeWeightGradients().sum(0);
      INDArray summedB = factors.materializeBiasGradients().sum(0);
      assertClose("W" + l, summedW, batch.parameterGrads().get(2 * l), 1e-13);
      assertClose("b" + l, summedB, batch.parameterGrads().get(2 * l + 1), 1e-13);
      assertClose("W" + l + " (AᵀΔ)", factors.weightGradient(), batch.parameterGrads().get(2 * l), 1e-13);
    }
    // The variants without the input gradient agree.
    List<LinearFactors> factorsOnly = critic.perExampleFactors(outputGrad(), f.cache());
    List<INDArray> paramsOnly = critic.parameterGradients(outputGrad(), f.cache());
    for (int l = 0; l < 3; l++) {
      assertClose("factors A" + l, factorsOnly.get(l).inputs(), perExample.factors().get(l).inputs(), 0);
      assertClose("factors Δ" + l, factorsOnly.get(l).outputGrads(), perExample.factors().get(l).outputGrads(), 0);
    }
    for (int p = 0; p < paramsOnly.size(); p++) {
      assertClose("param " + p, paramsOnly.get(p), batch.parameterGrads().get(p), 0);
    }
    assertClose("inputGradient", critic.inputGradient(outputGrad(), f.cache()), batch.inputGrad(), 0);
  }

  @Test
  void eachPerExampleGradient_matchesFiniteDifferencesOfThatExamplesLoss() {
    Sequential critic = LayerGradientTest.critic(D);
    INDArray x = TestData.normal(7, "x", D, B, 8);
    INDArray c = outputGrad();
    Forward f = critic.forward(x, Mode.TRAINING, MASK.get());
    List<LinearFactors> factors = critic.backwardPerExample(c, f.cache()).factors();
    List<Linear> linears = critic.linears();
    for (int i : new int[] {0, 3}) {
      int row = i;
      // ℓ_i = c_i·D(x)_i, evaluated on the whole batch with the same dropout mask.
      java.util.function.DoubleSupplier loss = () ->
          critic.forward(x, Mode.TRAINING, MASK.get()).output().getDouble(row, 0) * c.getDouble(row, 0);
      for (int l = 0; l < linears.size(); l++) {
        INDArray w = factors.get(l).materializeWeightGradients().get(NDArrayIndex.point(row), NDArrayIndex.all(),
            NDArrayIndex.all());
        INDArray b = factors.get(l).materializeBiasGradients().getRow(row);
        GradientChecker.standard().check("example " + row + " W" + l, loss, linears.get(l).weight(), w.dup());
        GradientChecker.standard().check("example " + row + " b" + l, loss, linears.get(l).bias(), b.dup());
      }
    }
  }

  @Test
  void squaredNorms_matchMaterialisedGradients_forOneAndSeveralTerms() {
    INDArray a1 = TestData.normal(1, "a1", D, B, 4);
    INDArray d1 = TestData.normal(1, "d1", D, B, 3);
    INDArray a2 = TestData.normal(1, "a2", D, B, 4);
    INDArray d2 = TestData.normal(1, "d2", D, B, 3);
    INDArray a3 = TestData.normal(1, "a3", D, B, 4);
    INDArray d3 = TestData.normal(1, "d3", D, B, 3);
    LinearFactors real = new LinearFactors(a1, d1);
    LinearFactors fake = new LinearFactors(a2, d2);
    LinearFactors penalty = LinearFactors.weightOnly(a3, d3);

    INDArray one = PerExampleGradients.squaredNorms(List.of(real));
    INDArray all = PerExampleGradients.squaredNorms(List.of(real, fake, penalty));
    INDArray w = real.materializeWeightGradients().add(fake.materializeWeightGradients())
        .addi(penalty.materializeWeightGradients());
    INDArray bias = real.materializeBiasGradients().add(fake.materializeBiasGradients());
    for (int i = 0; i < B; i++) {
      INDArray wi = real.materializeWeightGradients().get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      double expectedOne = wi.mul(wi).sumNumber().doubleValue()
          + d1.getRow(i).mul(d1.getRow(i)).sumNumber().doubleValue();
      assertThat(one.getDouble(i)).isCloseTo(expectedOne, org.assertj.core.api.Assertions.within(1e-12));
      INDArray wAll = w.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      double expectedAll = wAll.mul(wAll).sumNumber().doubleValue()
          + bias.getRow(i).mul(bias.getRow(i)).sumNumber().doubleValue();
      assertThat(all.getDouble(i)).isCloseTo(expectedAll, org.assertj.core.api.Assertions.within(1e-12));
    }
    INDArray twoLayers = PerExampleGradients.totalSquaredNorms(List.of(List.of(real), List.of(fake, penalty)));
    assertClose("total", twoLayers, PerExampleGradients.squaredNorms(List.of(real))
        .add(PerExampleGradients.squaredNorms(List.of(fake, penalty))), 1e-12);
  }

  @Test
  void weightedSums_matchMaterialisedGradients() {
    LinearFactors real = new LinearFactors(TestData.normal(1, "a1", D, B, 4), TestData.normal(1, "d1", D, B, 3));
    LinearFactors penalty = LinearFactors.weightOnly(TestData.normal(1, "a2", D, B, 4),
        TestData.normal(1, "d2", D, B, 3));
    INDArray c = TestData.normal(1, "c", D, B);
    INDArray weighted = PerExampleGradients.weightedWeightGradient(List.of(real, penalty), c);
    INDArray perExample = real.materializeWeightGradients().addi(penalty.materializeWeightGradients());
    INDArray expected = Nd4j.zeros(D, 4, 3);
    for (int i = 0; i < B; i++) {
      expected.addi(perExample.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).mul(c.getDouble(i)));
    }
    assertClose("weighted W", weighted, expected, 1e-12);
    INDArray weightedBias = PerExampleGradients.weightedBiasGradient(List.of(real, penalty), c);
    assertClose("weighted b", weightedBias, real.outputGrads().mulColumnVector(c.reshape(B, 1)).sum(0), 1e-12);
  }

  @Test
  void backwardPerExample_rejectsLayersThatMixExamples() {
    Sequential withBatchNorm = new Sequential("g", List.of(new Linear("fc", 3, 2, D,
        RandomStreams.of(1).stream("fc")), new BatchNorm1d("bn", 2, D)));
    Forward f = withBatchNorm.forward(TestData.normal(1, "x", D, 4, 3), Mode.TRAINING, null);
    assertThatThrownBy(() -> withBatchNorm.backwardPerExample(TestData.normal(1, "dy", D, 4, 2), f.cache()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("BatchNorm1d");
  }
}
