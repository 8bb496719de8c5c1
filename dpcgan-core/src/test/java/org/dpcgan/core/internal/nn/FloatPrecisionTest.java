package org.dpcgan.core.internal.nn;

import static org.dpcgan.core.testing.Arrays2d.assertClose;

import java.util.List;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The FLOAT path used for training agrees with the gradient-checked DOUBLE path to single precision. */
class FloatPrecisionTest {
  private static Sequential stack(DataType dtype) {
    var init = RandomStreams.of(3).stream("init");
    return new Sequential("g", List.of(
        new Residual(new Sequential("res", List.of(new Linear("res.fc", 12, 16, dtype, init),
            new BatchNorm1d("res.bn", 16, dtype), new ReLU()))),
        new Linear("mid", 28, 8, dtype, init), new LeakyReLU(0.2), new Linear("out", 8, 4, dtype, init),
        new Tanh()));
  }

  @Test
  void floatForwardAndBackward_matchDouble() {
    Sequential d = stack(DataType.DOUBLE);
    Sequential f = stack(DataType.FLOAT);
    for (int i = 0; i < d.parameters().size(); i++) {
      f.parameters().get(i).value().assign(d.parameters().get(i).value().castTo(DataType.FLOAT));
    }
    INDArray x = TestData.normal(4, "x", DataType.DOUBLE, 32, 12);
    INDArray dy = TestData.normal(4, "dy", DataType.DOUBLE, 32, 4);
    Forward fd = d.forward(x, Mode.TRAINING, null);
    Forward ff = f.forward(x.castTo(DataType.FLOAT), Mode.TRAINING, null);
    // Values are O(1) and sums run over at most 28 terms: float rounding stays well below 1e-4.
    assertClose("output", ff.output(), fd.output(), 1e-4);
    Backward bd = d.backward(dy, fd.cache());
    Backward bf = f.backward(dy.castTo(DataType.FLOAT), ff.cache());
    assertClose("inputGrad", bf.inputGrad(), bd.inputGrad(), 1e-4);
    for (int i = 0; i < bd.parameterGrads().size(); i++) {
      assertClose(d.parameters().get(i).name(), bf.parameterGrads().get(i), bd.parameterGrads().get(i), 1e-3);
    }
  }
}
