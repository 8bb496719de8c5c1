package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpcgan.core.testing.Arrays2d.assertClose;

import java.util.List;
import java.util.function.Supplier;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-example gradients in factored form: they sum to the batch gradient and each matches central differences of
 * its own example's loss (the privacy module tests norms and weighted sums of factored gradients).
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
  void backwardPerExample_rejectsLayersThatMixExamples() {
    Sequential withBatchNorm = new Sequential("g", List.of(new Linear("fc", 3, 2, D,
        RandomStreams.of(1).stream("fc")), new BatchNorm1d("bn", 2, D)));
    Forward f = withBatchNorm.forward(TestData.normal(1, "x", D, 4, 3), Mode.TRAINING, null);
    assertThatThrownBy(() -> withBatchNorm.backwardPerExample(TestData.normal(1, "dy", D, 4, 2), f.cache()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("BatchNorm1d");
  }
}
