package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.core.testing.Arrays2d.assertClose;
import static org.dpcgan.core.testing.Arrays2d.toArray;

import java.util.List;
import org.dpcgan.core.internal.nn.OutputHeads.Activation;
import org.dpcgan.core.internal.nn.OutputHeads.Span;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.ReferenceLayers.Grads;
import org.dpcgan.core.testing.ReferenceLayers;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Every ND4J layer matches the plain double[][] reference in {@code testing.ReferenceLayers}, forward and backward. */
class ReferenceAgreementTest {
  private static final DataType D = DataType.DOUBLE;
  /** Double-precision agreement: both sides compute the same sums in different orders. */
  private static final double TOL = 1e-12;

  private static INDArray x(long rows, long cols) {
    return TestData.normal(5, "x", D, rows, cols);
  }

  private static INDArray dy(long rows, long cols) {
    return TestData.normal(6, "dy", D, rows, cols);
  }

  @Test
  void linear_matchesReference() {
    Linear layer = new Linear("fc", 5, 3, D, RandomStreams.of(1).stream("fc"));
    INDArray x = x(4, 5);
    INDArray dy = dy(4, 3);
    Forward f = layer.forward(x, Mode.TRAINING, null);
    Backward b = layer.backward(dy, f.cache());
    double[][] w = toArray(layer.weight());
    double[] bias = toArray(layer.bias())[0];
    assertClose("y", f.output(), ReferenceLayers.linear(toArray(x), w, bias), TOL);
    Grads ref = ReferenceLayers.linearBackward(toArray(x), w, toArray(dy));
    assertClose("dx", b.inputGrad(), ref.input(), TOL);
    assertClose("dW", b.parameterGrads().get(0), ref.params()[0], TOL);
    assertClose("db", b.parameterGrads().get(1), ref.params()[1], TOL);
  }

  @Test
  void linearFloat_matchesReference_toFloatPrecision() {
    Linear layer = new Linear("fc", 64, 16, DataType.FLOAT, RandomStreams.of(1).stream("fc"));
    INDArray x = TestData.normal(5, "x", DataType.FLOAT, 8, 64);
    Forward f = layer.forward(x, Mode.TRAINING, null);
    double[][] ref = ReferenceLayers.linear(toArray(x), toArray(layer.weight()), toArray(layer.bias())[0]);
    assertThat(f.output().dataType()).isEqualTo(DataType.FLOAT);
    assertClose("y", f.output(), ref, 1e-5);
  }

  @Test
  void linearInit_isPyTorchUniform() {
    Linear layer = new Linear("fc", 100, 50, D, RandomStreams.of(1).stream("fc"));
    double bound = 1 / Math.sqrt(100);
    assertThat(Transforms.abs(layer.weight(), true).maxNumber().doubleValue()).isLessThanOrEqualTo(bound);
    assertThat(Transforms.abs(layer.bias(), true).maxNumber().doubleValue()).isLessThanOrEqualTo(bound);
    // 5000 uniform draws on [−b, b]: mean has sd b/√3/√5000 ≈ 0.0008·b·10; 5 sd ⇒ false-failure rate < 1e-6.
    double sd = bound / Math.sqrt(3) / Math.sqrt(5000);
    assertThat(Math.abs(layer.weight().meanNumber().doubleValue())).isLessThan(5 * sd);
    assertThat(layer.weight().shape()).containsExactly(100, 50);
    assertThat(layer.bias().shape()).containsExactly(50);
  }

  @Test
  void batchNormTraining_matchesReference_andUpdatesRunningStatisticsLikePyTorch() {
    BatchNorm1d bn = new BatchNorm1d("bn", 4, D);
    bn.gamma().assign(TestData.normal(3, "gamma", D, 4));
    bn.beta().assign(TestData.normal(3, "beta", D, 4));
    INDArray x = x(6, 4);
    INDArray dy = dy(6, 4);
    double[][] xa = toArray(x);
    double[] gamma = toArray(bn.gamma())[0];
    double[] beta = toArray(bn.beta())[0];
    Forward f = bn.forward(x, Mode.TRAINING, null);
    double[] mean = ReferenceLayers.mean(xa);
    double[] var = ReferenceLayers.biasedVariance(xa);
    assertClose("y", f.output(), ReferenceLayers.batchNorm(xa, mean, var, gamma, beta, 1e-5), TOL);
    Backward b = bn.backward(dy, f.cache());
    Grads ref = ReferenceLayers.batchNormTrainingBackward(xa, gamma, 1e-5, toArray(dy));
    assertClose("dx", b.inputGrad(), ref.input(), 1e-11);
    assertClose("dgamma", b.parameterGrads().get(0), ref.params()[0], TOL);
    assertClose("dbeta", b.parameterGrads().get(1), ref.params()[1], TOL);
    // running ← 0.9·running + 0.1·batch, with the unbiased variance (B/(B−1)); starts at mean 0, var 1.
    double[] expectedMean = new double[4];
    double[] expectedVar = new double[4];
    for (int j = 0; j < 4; j++) {
      expectedMean[j] = 0.1 * mean[j];
      expectedVar[j] = 0.9 + 0.1 * var[j] * 6 / 5;
    }
    assertClose("runningMean", bn.runningMean(), expectedMean, TOL);
    assertClose("runningVar", bn.runningVar(), expectedVar, TOL);
  }

  @Test
  void batchNormInference_usesRunningStatistics_andMatchesReference() {
    BatchNorm1d bn = new BatchNorm1d("bn", 4, D);
    bn.gamma().assign(TestData.normal(3, "gamma", D, 4));
    bn.beta().assign(TestData.normal(3, "beta", D, 4));
    bn.runningMean().assign(TestData.normal(3, "mean", D, 4));
    bn.runningVar().assign(Transforms.abs(TestData.normal(3, "var", D, 4), true).addi(0.5));
    INDArray runningMeanBefore = bn.runningMean().dup();
    INDArray x = x(3, 4);
    INDArray dy = dy(3, 4);
    double[] mean = toArray(bn.runningMean())[0];
    double[] var = toArray(bn.runningVar())[0];
    double[] gamma = toArray(bn.gamma())[0];
    Forward f = bn.forward(x, Mode.INFERENCE, null);
    assertClose("y", f.output(),
        ReferenceLayers.batchNorm(toArray(x), mean, var, gamma, toArray(bn.beta())[0], 1e-5), TOL);
    Grads ref = ReferenceLayers.batchNormInferenceBackward(toArray(x), mean, var, gamma, 1e-5, toArray(dy));
    Backward b = bn.backward(dy, f.cache());
    assertClose("dx", b.inputGrad(), ref.input(), TOL);
    assertClose("dgamma", b.parameterGrads().get(0), ref.params()[0], TOL);
    assertClose("dbeta", b.parameterGrads().get(1), ref.params()[1], TOL);
    assertThat(bn.runningMean()).isEqualTo(runningMeanBefore);
  }

  @Test
  void relu_and_leakyRelu_matchReference() {
    INDArray x = x(4, 5);
    INDArray dy = dy(4, 5);
    Forward r = new ReLU().forward(x, Mode.TRAINING, null);
    assertClose("relu y", r.output(), ReferenceLayers.relu(toArray(x)), 0);
    assertClose("relu dx", new ReLU().backward(dy, r.cache()).inputGrad(),
        ReferenceLayers.reluBackward(toArray(x), toArray(dy)), 0);
    LeakyReLU leaky = new LeakyReLU(0.2);
    Forward l = leaky.forward(x, Mode.TRAINING, null);
    assertClose("leaky y", l.output(), ReferenceLayers.leakyRelu(toArray(x), 0.2), TOL);
    assertClose("leaky dx", leaky.backward(dy, l.cache()).inputGrad(),
        ReferenceLayers.leakyReluBackward(toArray(x), 0.2, toArray(dy)), TOL);
  }

  @Test
  void dropout_matchesReference_withItsMask_andIsIdentityInInference() {
    Dropout dropout = new Dropout(0.25);
    INDArray x = x(10, 8);
    INDArray dy = dy(10, 8);
    Forward f = dropout.forward(x, Mode.TRAINING, RandomStreams.of(3).stream("dropout"));
    INDArray scaled = dropout.slopes(f.cache());
    double[][] keep = toArray(scaled.mul(0.75));
    for (double[] row : keep) {
      for (double k : row) {
        assertThat(k).isIn(0.0, 1.0);
      }
    }
    assertClose("y", f.output(), ReferenceLayers.dropout(toArray(x), keep, 0.25), TOL);
    assertClose("dx", dropout.backward(dy, f.cache()).inputGrad(), ReferenceLayers.dropout(toArray(dy), keep, 0.25),
        TOL);
    Forward inference = dropout.forward(x, Mode.INFERENCE, null);
    assertThat(inference.output()).isEqualTo(x);
  }

  @Test
  void tanh_matchesReference() {
    INDArray x = x(4, 5);
    INDArray dy = dy(4, 5);
    Tanh tanh = new Tanh();
    Forward f = tanh.forward(x, Mode.TRAINING, null);
    assertClose("y", f.output(), ReferenceLayers.tanh(toArray(x)), TOL);
    assertClose("dx", tanh.backward(dy, f.cache()).inputGrad(), ReferenceLayers.tanhBackward(toArray(x), toArray(dy)),
        TOL);
  }

  @Test
  void residual_concatenatesInnerOutputAndInput_andSumsGradients() {
    Linear fc = new Linear("fc", 3, 2, D, RandomStreams.of(1).stream("fc"));
    Residual residual = new Residual(fc);
    INDArray x = x(4, 3);
    INDArray dy = dy(4, 5);
    Forward f = residual.forward(x, Mode.TRAINING, null);
    double[][] w = toArray(fc.weight());
    double[][] inner = ReferenceLayers.linear(toArray(x), w, toArray(fc.bias())[0]);
    assertClose("y", f.output(), ReferenceLayers.concat(inner, toArray(x)), TOL);
    Backward b = residual.backward(dy, f.cache());
    double[][] dya = toArray(dy);
    Grads innerRef = ReferenceLayers.linearBackward(toArray(x), w, ReferenceLayers.columns(dya, 0, 2));
    double[][] skip = ReferenceLayers.columns(dya, 2, 5);
    double[][] dx = new double[4][3];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        dx[i][j] = innerRef.input()[i][j] + skip[i][j];
      }
    }
    assertClose("dx", b.inputGrad(), dx, TOL);
    assertClose("dW", b.parameterGrads().get(0), innerRef.params()[0], TOL);
  }

  @Test
  void outputHeads_matchReference_softAndHard() {
    List<Span> spans = List.of(new Span(2, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX));
    INDArray x = x(6, 5);
    INDArray dy = dy(6, 5);
    double[][] xa = toArray(x);
    double[][] dya = toArray(dy);
    // Reconstruct the Gumbel noise the heads draw: −log(−log U), U from the same stream.
    // One uniform draw covers all columns; the Gumbel span uses columns 2..4.
    double[][] u = ReferenceLayers.columns(toArray(RandomStreams.of(4).stream("gumbel").uniform(D, 6, 5)), 2, 5);
    double[][] noise = new double[6][3];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 3; j++) {
        noise[i][j] = -Math.log(-Math.log(u[i][j]));
      }
    }
    double[][] soft = ReferenceLayers.gumbelSoftmax(ReferenceLayers.columns(xa, 2, 5), noise, 0.2);
    double[][] tanhPart = ReferenceLayers.tanh(ReferenceLayers.columns(xa, 0, 2));
    double[][] dxTanh = ReferenceLayers.tanhBackward(ReferenceLayers.columns(xa, 0, 2),
        ReferenceLayers.columns(dya, 0, 2));
    double[][] dxSoft = ReferenceLayers.gumbelSoftmaxBackward(soft, 0.2, ReferenceLayers.columns(dya, 2, 5));

    OutputHeads softHeads = new OutputHeads(spans, 0.2, false);
    Forward fs = softHeads.forward(x, Mode.TRAINING, RandomStreams.of(4).stream("gumbel"));
    assertClose("soft y", fs.output(), ReferenceLayers.concat(tanhPart, soft), 1e-10);
    Backward bs = softHeads.backward(dy, fs.cache());
    assertClose("soft dx", bs.inputGrad(), ReferenceLayers.concat(dxTanh, dxSoft), 1e-9);

    OutputHeads hardHeads = new OutputHeads(spans, 0.2, true);
    Forward fh = hardHeads.forward(x, Mode.INFERENCE, RandomStreams.of(4).stream("gumbel"));
    assertClose("hard y", fh.output(), ReferenceLayers.concat(tanhPart, ReferenceLayers.oneHotArgmax(soft)), 1e-10);
    // Straight-through: the hard heads back-propagate the soft sample's gradient.
    assertClose("hard dx", hardHeads.backward(dy, fh.cache()).inputGrad(), bs.inputGrad(), 0);
  }

  @Test
  void floatOutputHeads_matchTheDoubleReferenceOfTheSameDraws_toFloatRounding() {
    List<Span> spans = List.of(new Span(2, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX),
        new Span(1, Activation.TANH), new Span(7, Activation.GUMBEL_SOFTMAX));
    int rows = 150;
    INDArray x = TestData.normal(5, "x", DataType.FLOAT, rows, 13).muli(3);
    double[][] xa = toArray(x.castTo(D));
    // The FLOAT heads draw uniform(FLOAT) over every column, as the double path draws uniform(DOUBLE).
    double[][] u = toArray(RandomStreams.of(4).stream("gumbel").uniform(DataType.FLOAT, rows, 13).castTo(D));
    double[][] noise = new double[rows][13];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 13; j++) {
        noise[i][j] = -Math.log(-Math.log(Math.min(Math.max(u[i][j], 1e-20), (float) (1.0 - 1e-7))));
      }
    }
    double[][] expected = ReferenceLayers.concat(
        ReferenceLayers.concat(ReferenceLayers.tanh(ReferenceLayers.columns(xa, 0, 2)),
            ReferenceLayers.gumbelSoftmax(ReferenceLayers.columns(xa, 2, 5), ReferenceLayers.columns(noise, 2, 5), 0.2)),
        ReferenceLayers.concat(ReferenceLayers.tanh(ReferenceLayers.columns(xa, 5, 6)),
            ReferenceLayers.gumbelSoftmax(ReferenceLayers.columns(xa, 6, 13), ReferenceLayers.columns(noise, 6, 13),
                0.2)));

    Forward soft = new OutputHeads(spans, 0.2, false).forward(x, Mode.TRAINING,
        RandomStreams.of(4).stream("gumbel"));
    assertThat(soft.output().dataType()).isEqualTo(DataType.FLOAT);
    assertClose("float soft y", soft.output().castTo(D), expected, 2e-5);

    Forward hard = new OutputHeads(spans, 0.2, true).forward(x, Mode.TRAINING, RandomStreams.of(4).stream("gumbel"));
    double[][] oneHots = ReferenceLayers.concat(
        ReferenceLayers.concat(ReferenceLayers.columns(expected, 0, 2),
            ReferenceLayers.oneHotArgmax(ReferenceLayers.columns(expected, 2, 5))),
        ReferenceLayers.concat(ReferenceLayers.columns(expected, 5, 6),
            ReferenceLayers.oneHotArgmax(ReferenceLayers.columns(expected, 6, 13))));
    assertClose("float hard y", hard.output().castTo(D), oneHots, 2e-7);
    assertClose("float hard soft sample", ((OutputHeads.OutputHeadsCache) hard.cache()).soft().castTo(D), expected,
        2e-5);
  }
}
