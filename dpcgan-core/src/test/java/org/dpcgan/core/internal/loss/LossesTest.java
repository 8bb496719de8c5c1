package org.dpcgan.core.internal.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dpcgan.core.testing.Arrays2d.toArray;

import java.util.List;
import org.dpcgan.core.internal.loss.ConditionalCrossEntropy.Block;
import org.dpcgan.core.testing.Arrays2d;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.ReferenceLosses;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Wasserstein losses and the conditional cross-entropy: values against references, gradients against finite differences. */
class LossesTest {
  private static final DataType D = DataType.DOUBLE;

  @Test
  void wassersteinCritic_valueAndGradients() {
    INDArray real = TestData.normal(1, "r", D, 4, 1);
    INDArray fake = TestData.normal(1, "f", D, 6, 1);
    Wasserstein.CriticLoss loss = Wasserstein.criticLoss(real, fake);
    assertThat(loss.value()).isCloseTo(ReferenceLosses.wassersteinCritic(toArray(real), toArray(fake)), within(1e-14));
    GradientChecker.standard().check("dReal", () -> Wasserstein.criticLoss(real, fake).value(), real, loss.realGrad());
    GradientChecker.standard().check("dFake", () -> Wasserstein.criticLoss(real, fake).value(), fake, loss.fakeGrad());
    assertThat(loss.perExampleRealGrad().getDouble(0, 0)).isEqualTo(-1.0);
    assertThat(loss.perExampleFakeGrad().getDouble(5, 0)).isEqualTo(1.0);
  }

  @Test
  void wassersteinGenerator_valueAndGradient() {
    INDArray fake = TestData.normal(1, "f", D, 6, 1);
    Wasserstein.GeneratorLoss loss = Wasserstein.generatorLoss(fake);
    assertThat(loss.value()).isCloseTo(-fake.meanNumber().doubleValue(), within(1e-15));
    GradientChecker.standard().check("dFake", () -> Wasserstein.generatorLoss(fake).value(), fake, loss.fakeGrad());
  }

  @Test
  void wasserstein_wrongShape_isRejectedWithShape() {
    assertThatThrownBy(() -> Wasserstein.generatorLoss(Nd4j.zeros(D, 4, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B, 1]").hasMessageContaining("[4, 2]");
  }

  /** Output: [tanh 1 | cat A 3 | tanh 1 | cat B 2]; condition: [A 3 | B 2]. */
  private static final List<Block> BLOCKS = List.of(new Block(0, 1, 3), new Block(3, 5, 2));
  private static final int[][] BLOCK_ARRAYS = {{0, 1, 3}, {3, 5, 2}};

  private static INDArray condition(boolean pair) {
    double[][] c = new double[4][5];
    double[][] mask = mask(pair);
    int[] a = {0, 2, 1, 2};
    int[] b = {1, 0, 0, 1};
    for (int i = 0; i < 4; i++) {
      if (mask[i][0] == 1) {
        c[i][a[i]] = 1;
      }
      if (mask[i][1] == 1) {
        c[i][3 + b[i]] = 1;
      }
    }
    return Arrays2d.matrix(c, D);
  }

  /** single: one block active per row (alternating); pair: both blocks active in every row. */
  private static double[][] mask(boolean pair) {
    return pair ? new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}} : new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
  }

  @Test
  void conditionalCrossEntropy_single_matchesReferenceAndFiniteDifferences() {
    checkConditional(false);
  }

  @Test
  void conditionalCrossEntropy_pair_matchesReferenceAndFiniteDifferences() {
    checkConditional(true);
  }

  private static void checkConditional(boolean pair) {
    ConditionalCrossEntropy loss = new ConditionalCrossEntropy(BLOCKS);
    INDArray logits = TestData.normal(3, "logits", D, 4, 7);
    INDArray cond = condition(pair);
    INDArray mask = Arrays2d.matrix(mask(pair), D);
    ConditionalCrossEntropy.Result result = loss.compute(logits, cond, mask);
    double expected = ReferenceLosses.conditionalCrossEntropy(toArray(logits), toArray(cond), mask(pair),
        BLOCK_ARRAYS);
    assertThat(result.value()).isCloseTo(expected, within(1e-12));
    GradientChecker.standard().check("logits", () -> loss.compute(logits, cond, mask).value(), logits,
        result.logitsGrad());
    // Scalar (tanh) columns are never conditioned on.
    assertThat(result.logitsGrad().getColumn(0).sumNumber().doubleValue()).isZero();
    assertThat(result.logitsGrad().getColumn(4).sumNumber().doubleValue()).isZero();
  }

  @Test
  void conditionalCrossEntropy_badShapes_areRejected() {
    ConditionalCrossEntropy loss = new ConditionalCrossEntropy(BLOCKS);
    assertThatThrownBy(() -> loss.compute(Nd4j.zeros(D, 4, 7), Nd4j.zeros(D, 4, 5), Nd4j.zeros(D, 4, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activeMask")
        .hasMessageContaining("[4, 2]").hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> loss.compute(Nd4j.zeros(D, 4, 6), Nd4j.zeros(D, 4, 5), Nd4j.zeros(D, 4, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> new Block(0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width must be > 0. Provided value: 0");
  }
}
