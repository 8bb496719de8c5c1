package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.dpcgan.core.internal.nn.OutputHeads.Activation;
import org.dpcgan.core.internal.nn.OutputHeads.Span;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central-difference checks of every layer's input and parameter gradients (double precision). */
class LayerGradientTest {
  private static final DataType D = DataType.DOUBLE;
  private static final GradientChecker CHECK = GradientChecker.standard();

  private static RandomStream init(String name) {
    return RandomStreams.of(1).stream(name);
  }

  /** A stream in the same state on every call, so masks and noise are fixed across evaluations. */
  private static Supplier<RandomStream> fixed(String name) {
    return () -> RandomStreams.of(99).stream(name);
  }

  @Test
  void linear_gradients_matchFiniteDifferences() {
    Linear layer = new Linear("fc", 5, 3, D, init("fc"));
    int checked = CHECK.checkLayer(layer, TestData.normal(2, "x", D, 4, 5), Mode.TRAINING, fixed("none"));
    assertThat(checked).isEqualTo(4 * 5 + 5 * 3 + 3);
  }

  @Test
  void batchNormTraining_gradients_matchFiniteDifferences() {
    BatchNorm1d bn = new BatchNorm1d("bn", 4, D);
    bn.gamma().assign(TestData.normal(3, "gamma", D, 4));
    bn.beta().assign(TestData.normal(3, "beta", D, 4));
    int checked = CHECK.checkLayer(bn, TestData.normal(2, "x", D, 6, 4), Mode.TRAINING, fixed("none"));
    assertThat(checked).isEqualTo(6 * 4 + 4 + 4);
  }

  @Test
  void batchNormInference_gradients_matchFiniteDifferences() {
    BatchNorm1d bn = new BatchNorm1d("bn", 4, D);
    bn.gamma().assign(TestData.normal(3, "gamma", D, 4));
    bn.runningMean().assign(TestData.normal(3, "mean", D, 4));
    bn.runningVar().assign(TestData.normal(3, "var", D, 4).muli(0.3).addi(1.0));
    CHECK.checkLayer(bn, TestData.normal(2, "x", D, 3, 4), Mode.INFERENCE, fixed("none"));
  }

  @Test
  void relu_gradients_matchFiniteDifferences() {
    CHECK.checkLayer(new ReLU(), TestData.awayFromZero(2, "x", D, 4, 5), Mode.TRAINING, fixed("none"));
  }

  @Test
  void leakyRelu_gradients_matchFiniteDifferences() {
    CHECK.checkLayer(new LeakyReLU(0.2), TestData.awayFromZero(2, "x", D, 4, 5), Mode.TRAINING, fixed("none"));
  }

  @Test
  void dropout_gradients_matchFiniteDifferences_withFixedMask() {
    Dropout dropout = new Dropout(0.5);
    INDArray x = TestData.normal(2, "x", D, 6, 5);
    CHECK.checkLayer(dropout, x, Mode.TRAINING, fixed("dropout"));
    // The mask must really drop something, or the check would be trivial.
    INDArray y = dropout.forward(x, Mode.TRAINING, fixed("dropout").get()).output();
    assertThat(y.eq(0.0).castTo(D).sumNumber().doubleValue()).isPositive();
  }

  @Test
  void tanh_gradients_matchFiniteDifferences() {
    CHECK.checkLayer(new Tanh(), TestData.normal(2, "x", D, 4, 5), Mode.TRAINING, fixed("none"));
  }

  @Test
  void residual_gradients_matchFiniteDifferences() {
    Layer inner = new Sequential("inner", List.of(new Linear("fc", 3, 4, D, init("fc")), new Tanh()));
    Residual residual = new Residual(inner);
    assertThat(residual.outputWidth(3)).isEqualTo(7);
    CHECK.checkLayer(residual, TestData.normal(2, "x", D, 5, 3), Mode.TRAINING, fixed("none"));
  }

  @Test
  void outputHeadsSoft_gradients_matchFiniteDifferences_withFixedNoise() {
    OutputHeads heads = new OutputHeads(List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX),
        new Span(2, Activation.TANH), new Span(4, Activation.GUMBEL_SOFTMAX)), OutputHeads.DEFAULT_TAU, false);
    CHECK.checkLayer(heads, TestData.normal(2, "x", D, 5, 10), Mode.TRAINING, fixed("gumbel"));
  }

  @Test
  void generatorLikeStack_gradients_matchFiniteDifferences() {
    Sequential generator = generator();
    assertThat(generator.outputWidth(4)).isEqualTo(6);
    INDArray z = TestData.normal(2, "z", D, 6, 4);
    // At most 16 strided elements per tensor keeps this check to about eighty elements.
    int checked = CHECK.atMostPerVariable(16).checkLayer(generator, z, Mode.TRAINING, fixed("gumbel"));
    assertThat(checked).isGreaterThan(70);
  }

  @Test
  void parameterGradients_ofAStackOpeningWithAResidual_areExactlyThoseOfTheFullBackwardPass() {
    Sequential generator = generator();
    Forward f = generator.forward(TestData.normal(2, "z", D, 6, 4), Mode.TRAINING, fixed("gumbel").get());
    INDArray outputGrad = TestData.normal(3, "g", D, 6, 6);
    List<INDArray> full = generator.backward(outputGrad, f.cache()).parameterGrads();
    List<INDArray> only = generator.parameterGradients(outputGrad, f.cache());
    assertThat(only).hasSameSizeAs(full);
    for (int p = 0; p < full.size(); p++) {
      assertThat(only.get(p)).as("parameter %d", p).isEqualTo(full.get(p));
    }
  }

  /** z ++ cond (4) → Residual(Linear→BN→ReLU) ×2 of width 3 → Linear → heads, as CTGAN's generator (small). */
  private static Sequential generator() {
    return new Sequential("generator", List.of(
        new Residual(new Sequential("res1", List.of(new Linear("res1.fc", 4, 3, D, init("r1")),
            new BatchNorm1d("res1.bn", 3, D), new ReLU()))),
        new Residual(new Sequential("res2", List.of(new Linear("res2.fc", 7, 3, D, init("r2")),
            new BatchNorm1d("res2.bn", 3, D), new ReLU()))),
        new Linear("out", 10, 6, D, init("out")),
        new OutputHeads(List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX),
            new Span(2, Activation.GUMBEL_SOFTMAX)), 0.2, false)));
  }

  @Test
  void criticLikeStack_gradients_matchFiniteDifferences_withFixedDropoutMask() {
    Sequential critic = critic(D);
    CHECK.checkLayer(critic, TestData.normal(2, "x", D, 6, 8), Mode.TRAINING, fixed("dropout"));
  }

  @Test
  void gradientChecker_refusesFloat() {
    Linear layer = new Linear("fc", 3, 2, DataType.FLOAT, init("fc"));
    assertThatThrownBy(() -> CHECK.checkLayer(layer, TestData.normal(2, "x", DataType.FLOAT, 2, 3),
        Mode.TRAINING, fixed("none")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE").hasMessageContaining("FLOAT");
  }

  @Test
  void gradientChecker_detectsAWrongGradient() {
    Linear layer = new Linear("fc", 3, 2, D, init("fc"));
    INDArray x = TestData.normal(2, "x", D, 2, 3);
    Forward f = layer.forward(x, Mode.TRAINING, null);
    INDArray wrong = layer.backward(f.output().dup().assign(1.0), f.cache()).inputGrad().muli(1.001);
    assertThatThrownBy(() -> CHECK.check("wrong", () -> layer.forward(x, Mode.TRAINING, null).output()
        .sumNumber().doubleValue(), x, wrong)).isInstanceOf(AssertionError.class).hasMessageContaining("wrong");
  }

  /** Linear → LeakyReLU(0.2) → Dropout(0.5) → Linear → LeakyReLU → Dropout → Linear(1), as CTGAN's critic. */
  static Sequential critic(DataType dtype) {
    return new Sequential("critic", List.of(
        new Linear("d.fc1", 8, 6, dtype, init("d1")), new LeakyReLU("d.lrelu1", 0.2), new Dropout("d.drop1", 0.5),
        new Linear("d.fc2", 6, 5, dtype, init("d2")), new LeakyReLU("d.lrelu2", 0.2), new Dropout("d.drop2", 0.5),
        new Linear("d.out", 5, 1, dtype, init("d3"))));
  }
}
