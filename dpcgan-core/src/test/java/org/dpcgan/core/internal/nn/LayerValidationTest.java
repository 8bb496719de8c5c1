package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dpcgan.core.internal.nn.OutputHeads.Activation;
import org.dpcgan.core.internal.nn.OutputHeads.Span;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bad shapes, dtypes, constructor arguments and lifecycle errors give messages naming the layer and the values. */
class LayerValidationTest {
  private static final DataType D = DataType.DOUBLE;

  private static RandomStream rng() {
    return RandomStreams.of(1).stream("init");
  }

  @Test
  void linear_inputWidthMismatch_namesLayerAndBothShapes() {
    Linear fc = new Linear("g.fc1", 5, 3, D, rng());
    assertThatThrownBy(() -> fc.forward(Nd4j.zeros(D, 4, 6), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g.fc1").hasMessageContaining("[B, 5]").hasMessageContaining("[4, 6]");
  }

  @Test
  void linear_outputGradMismatch_namesLayerAndBothShapes() {
    Linear fc = new Linear("g.fc1", 5, 3, D, rng());
    Forward f = fc.forward(Nd4j.zeros(D, 4, 5), Mode.TRAINING, null);
    assertThatThrownBy(() -> fc.backward(Nd4j.zeros(D, 2, 3), f.cache()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g.fc1").hasMessageContaining("[4, 3]").hasMessageContaining("[2, 3]");
  }

  @Test
  void linear_dtypeMismatch_isRejected() {
    Linear fc = new Linear("fc", 5, 3, DataType.FLOAT, rng());
    assertThatThrownBy(() -> fc.forward(Nd4j.zeros(D, 4, 5), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT").hasMessageContaining("DOUBLE");
  }

  @Test
  void linear_nonPositiveWidths_areRejected() {
    assertThatThrownBy(() -> new Linear("fc", 0, 3, D, rng())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fc: in must be > 0. Provided value: 0");
    assertThatThrownBy(() -> new Linear("fc", 3, -1, D, rng())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fc: out must be > 0. Provided value: -1");
    assertThatThrownBy(() -> new Linear("fc", 3, 2, DataType.INT32, rng())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT");
  }

  @Test
  void elementwise_outputGradMismatch_namesLayerAndBothShapes() {
    for (Layer layer : List.of(new ReLU("r"), new LeakyReLU("l", 0.2), new Dropout("d", 0.5), new Tanh("t"))) {
      Forward f = layer.forward(Nd4j.ones(D, 4, 5), Mode.TRAINING, rng());
      assertThatThrownBy(() -> layer.backward(Nd4j.zeros(D, 4, 6), f.cache()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(layer.name() + ":").hasMessageContaining("[4, 5]").hasMessageContaining("[4, 6]");
    }
  }

  @Test
  void backward_withAnotherLayersCache_isRejected() {
    Forward f = new ReLU().forward(Nd4j.ones(D, 2, 2), Mode.TRAINING, null);
    assertThatThrownBy(() -> new Tanh("t").backward(Nd4j.ones(D, 2, 2), f.cache()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TanhCache")
        .hasMessageContaining("ReLUCache");
  }

  @Test
  void batchNorm_shapeMismatch_andSingleRowTraining_areRejected() {
    BatchNorm1d bn = new BatchNorm1d("g.bn1", 4, D);
    assertThatThrownBy(() -> bn.forward(Nd4j.zeros(D, 8, 3), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g.bn1").hasMessageContaining("[B, 4]").hasMessageContaining("[8, 3]");
    assertThatThrownBy(() -> bn.forward(Nd4j.zeros(D, 1, 4), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 rows");
    assertThat(bn.forward(Nd4j.zeros(D, 1, 4), Mode.INFERENCE, null).output().shape()).containsExactly(1, 4);
  }

  @Test
  void batchNorm_badEpsAndMomentum_areRejected() {
    assertThatThrownBy(() -> new BatchNorm1d("bn", 4, D, Double.NaN, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bn: eps must be finite and > 0. Provided value: NaN");
    assertThatThrownBy(() -> new BatchNorm1d("bn", 4, D, 1e-5, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bn: momentum must be in [0, 1]. Provided value: 1.5");
    assertThatThrownBy(() -> new BatchNorm1d("bn", 0, D)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bn: features must be > 0. Provided value: 0");
  }

  @Test
  void dropout_pOutsideRange_isRejected() {
    for (double p : new double[] {Double.NaN, 1.0, -0.1, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new Dropout("drop", p)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("drop: p must be in [0, 1). Provided value: " + p);
    }
  }

  @Test
  void dropout_trainingWithoutRng_isRejected() {
    assertThatThrownBy(() -> new Dropout("drop", 0.5).forward(Nd4j.ones(D, 2, 2), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop").hasMessageContaining("RandomStream");
  }

  @Test
  void leakyRelu_nonFiniteSlope_isRejected() {
    assertThatThrownBy(() -> new LeakyReLU("lrelu", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lrelu: slope must be finite. Provided value: NaN");
    assertThatThrownBy(() -> new LeakyReLU(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Infinity");
  }

  @Test
  void outputHeads_badTauAndSpans_areRejected() {
    List<Span> spans = List.of(new Span(2, Activation.GUMBEL_SOFTMAX));
    for (double tau : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new OutputHeads("heads", spans, tau, false)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("heads: tau must be finite and > 0. Provided value: " + tau);
    }
    assertThatThrownBy(() -> new Span(0, Activation.TANH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("span width must be > 0. Provided value: 0");
    assertThatThrownBy(() -> new OutputHeads(List.of(), 0.2, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one span");
  }

  @Test
  void outputHeads_widthMismatch_andMissingRng_areRejected() {
    OutputHeads heads = new OutputHeads(List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX)),
        0.2, true);
    assertThatThrownBy(() -> heads.forward(Nd4j.zeros(D, 2, 5), Mode.TRAINING, rng()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads")
        .hasMessageContaining("[B, 4]").hasMessageContaining("[2, 5]");
    assertThatThrownBy(() -> heads.forward(Nd4j.zeros(D, 2, 4), Mode.INFERENCE, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RandomStream");
  }

  @Test
  void sequential_widthMismatchBetweenLayers_isReported() {
    Sequential seq = new Sequential("net", List.of(new Linear("a", 3, 4, D, rng()), new Linear("b", 5, 2, D, rng())));
    assertThatThrownBy(() -> seq.outputWidth(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("b: input width must be 5. Provided width: 4");
    assertThatThrownBy(() -> seq.forward(Nd4j.zeros(D, 2, 3), Mode.TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b:").hasMessageContaining("[2, 4]");
  }

  @Test
  void valueTypes_haveReadableToString() {
    assertThat(new Linear("fc", 3, 2, D, rng()).toString()).isEqualTo("Linear[fc, 3→2, DOUBLE]");
    assertThat(new Dropout(0.5).toString()).isEqualTo("Dropout[dropout, p=0.5]");
    assertThat(new Parameter("fc.weight", Nd4j.zeros(D, 3, 2)).toString()).isEqualTo("Parameter[fc.weight DOUBLE[3, 2]]");
    assertThat(new OutputHeads(List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX)), 0.2,
        true).toString()).isEqualTo("OutputHeads[heads, [TANH(1), GUMBEL_SOFTMAX(3)], tau=0.2, hard]");
  }
}
