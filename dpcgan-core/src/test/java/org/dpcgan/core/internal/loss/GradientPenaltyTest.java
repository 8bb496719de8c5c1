package org.dpcgan.core.internal.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dpcgan.core.testing.Arrays2d.assertClose;
import static org.dpcgan.core.testing.Arrays2d.toArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.dpcgan.core.internal.nn.BatchNorm1d;
import org.dpcgan.core.internal.nn.Dropout;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.LeakyReLU;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.LinearFactors;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.testing.GradientChecker;
import org.dpcgan.core.testing.ReferenceLosses;
import org.dpcgan.core.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The gradient penalty's value, its second-order parameter gradient and its per-pack factors. */
public class GradientPenaltyTest {
  private static final DataType D = DataType.DOUBLE;
  private static final int P = 5;
  private static final Supplier<RandomStream> MASK = () -> RandomStreams.of(31).stream("dropout");
  private static final GradientPenalty GP = new GradientPenalty(10.0);

  private static RandomStream init(String name) {
    return RandomStreams.of(2).stream(name);
  }

  /** CTGAN's critic shape, small: (Linear → LeakyReLU(0.2) → Dropout(0.5)) ×2 → Linear(1). */
  public static Sequential critic() {
    return new Sequential("critic", List.of(
        new Linear("d.fc1", 6, 5, D, init("d1")), new LeakyReLU("d.lrelu1", 0.2), new Dropout("d.drop1", 0.5),
        new Linear("d.fc2", 5, 4, D, init("d2")), new LeakyReLU("d.lrelu2", 0.2), new Dropout("d.drop2", 0.5),
        new Linear("d.out", 4, 1, D, init("d3"))));
  }

  private static INDArray interpolates() {
    return TestData.normal(4, "xhat", D, P, 6);
  }

  @Test
  void parameterGradients_matchFiniteDifferencesOfThePenalty() {
    Sequential critic = critic();
    INDArray xhat = interpolates();
    GradientPenalty.Result result = GP.compute(critic, xhat, MASK.get());
    assertThat(result.value()).isPositive();
    DoubleSupplier penalty = () -> GP.compute(critic, xhat, MASK.get()).value();
    List<Parameter> params = critic.parameters();
    assertThat(result.parameterGrads()).hasSize(params.size());
    int checked = 0;
    for (int i = 0; i < params.size(); i++) {
      checked += GradientChecker.standard().check("GP " + params.get(i).name(), penalty, params.get(i).value(),
          result.parameterGrads().get(i));
    }
    assertThat(checked).isEqualTo(params.stream().mapToLong(p -> p.value().length()).sum());
    // Weight gradients are non-trivial; biases get none.
    assertThat(result.parameterGrads().get(0).norm2Number().doubleValue()).isGreaterThan(1e-3);
    assertThat(result.parameterGrads().get(1).norm2Number().doubleValue()).isZero();
  }

  @Test
  void addTo_addsTheParameterGradientsInPlace_andNeedsOneGradientPerParameter() {
    Sequential critic = critic();
    GradientPenalty.Result result = GP.compute(critic, interpolates(), MASK.get());
    List<Parameter> params = critic.parameters();
    List<INDArray> grads = new ArrayList<>();
    List<INDArray> expected = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      INDArray start = TestData.normal(20 + i, "start", D, params.get(i).value().shape());
      grads.add(start.dup());
      expected.add(start.add(result.parameterGrads().get(i)));
    }
    result.addTo(grads);
    for (int i = 0; i < params.size(); i++) {
      assertClose(params.get(i).name(), grads.get(i), expected.get(i), 1e-15);
    }
    assertThatThrownBy(() -> result.addTo(grads.subList(0, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one gradient per critic parameter (6)").hasMessageContaining("Provided: 2");
  }

  @Test
  void value_matchesReference() {
    Sequential critic = new Sequential("critic", List.of(new Linear("d.fc1", 6, 5, D, init("d1")),
        new LeakyReLU("d.lrelu1", 0.2), new Dropout("d.drop1", 0.5), new Linear("d.out", 5, 1, D, init("d3"))));
    INDArray xhat = interpolates();
    Forward f = critic.forward(xhat, Mode.TRAINING, MASK.get());
    Dropout dropout = (Dropout) critic.layers().get(2);
    INDArray scaledMask = dropout.slopes(((Sequential.SequentialCache) f.cache()).caches().get(2));
    Linear fc1 = (Linear) critic.layers().get(0);
    Linear out = (Linear) critic.layers().get(3);
    double expected = ReferenceLosses.gradientPenalty(toArray(xhat), toArray(fc1.weight()), toArray(fc1.bias())[0],
        0.2, toArray(scaledMask), toArray(out.weight()), 10.0);
    assertThat(GP.compute(critic, xhat, MASK.get()).value()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void perExampleFactors_sumToPacksTimesBatchGradient_andMatchEachPacksPenalty() {
    Sequential critic = critic();
    INDArray xhat = interpolates();
    GradientPenalty.Result result = GP.compute(critic, xhat, MASK.get());
    List<LinearFactors> factors = result.perExampleFactors();
    assertThat(factors).hasSize(3).allMatch(fct -> !fct.biasIncluded());
    List<Linear> linears = critic.linears();
    for (int l = 0; l < 3; l++) {
      INDArray summed = factors.get(l).materializeWeightGradients().sum(0);
      assertClose("ΣW" + l, summed, result.parameterGrads().get(2 * l).mul(P), 1e-12);
    }
    assertThat(result.perExampleValues().meanNumber().doubleValue()).isCloseTo(result.value(), within(1e-12));
    // ℓ_i = λ(‖g_i‖ − 1)² for one pack, finite-differenced.
    int pack = 2;
    DoubleSupplier packPenalty = () -> GP.compute(critic, xhat, MASK.get()).perExampleValues().getDouble(pack);
    for (int l = 0; l < 3; l++) {
      INDArray w = factors.get(l).materializeWeightGradients()
          .get(NDArrayIndex.point(pack), NDArrayIndex.all(), NDArrayIndex.all()).dup();
      GradientChecker.standard().check("pack " + pack + " W" + l, packPenalty, linears.get(l).weight(), w);
    }
  }

  @Test
  void interpolate_usesOneEpsilonPerRow_inTheUnitInterval() {
    INDArray real = TestData.normal(1, "real", D, 50, 4);
    INDArray fake = TestData.normal(1, "fake", D, 50, 4);
    INDArray xhat = GP.interpolate(real, fake, RandomStreams.of(5).stream("eps"));
    INDArray again = GP.interpolate(real, fake, RandomStreams.of(5).stream("eps"));
    assertThat(xhat).isEqualTo(again);
    for (int i = 0; i < 50; i++) {
      double eps = (xhat.getDouble(i, 0) - fake.getDouble(i, 0)) / (real.getDouble(i, 0) - fake.getDouble(i, 0));
      assertThat(eps).isBetween(0.0, 1.0);
      for (int j = 1; j < 4; j++) {
        double expected = eps * real.getDouble(i, j) + (1 - eps) * fake.getDouble(i, j);
        assertThat(xhat.getDouble(i, j)).isCloseTo(expected, within(1e-9));
      }
    }
  }

  @Test
  void lambda_invalid_isRejected() {
    assertThatThrownBy(() -> new GradientPenalty(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lambda").hasMessageContaining("NaN");
    assertThatThrownBy(() -> new GradientPenalty(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> new GradientPenalty(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0").hasMessageContaining("-1");
  }

  @Test
  void criticWithBatchNorm_isRejected() {
    Sequential bad = new Sequential("critic", List.of(new Linear("fc", 6, 3, D, init("d1")),
        new BatchNorm1d("bn", 3, D), new Linear("out", 3, 1, D, init("d2"))));
    assertThatThrownBy(() -> GP.compute(bad, interpolates(), MASK.get())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BatchNorm1d");
  }
}
