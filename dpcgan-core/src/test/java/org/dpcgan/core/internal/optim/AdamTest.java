package org.dpcgan.core.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dpcgan.core.internal.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {
  private static final DataType D = DataType.DOUBLE;

  /**
   * Two AdamW steps by hand (the update rule of PyTorch's torch.optim.AdamW, written out per element):
   * θ ← θ(1 − lr·wd); m ← β1 m + (1 − β1)g; v ← β2 v + (1 − β2)g²; θ ← θ − lr·(m/(1 − β1ᵗ))/(√(v/(1 − β2ᵗ)) + eps).
   */
  private static double[] handAdamW(double[] theta, double[][] grads, double lr, double b1, double b2, double eps,
      double wd) {
    double[] p = theta.clone();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    for (int t = 1; t <= grads.length; t++) {
      for (int k = 0; k < p.length; k++) {
        double g = grads[t - 1][k];
        p[k] *= 1 - lr * wd;
        m[k] = b1 * m[k] + (1 - b1) * g;
        v[k] = b2 * v[k] + (1 - b2) * g * g;
        double mHat = m[k] / (1 - Math.pow(b1, t));
        double vHat = v[k] / (1 - Math.pow(b2, t));
        p[k] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return p;
  }

  @Test
  void twoSteps_matchHandComputedAdamW() {
    Adam adam = new Adam(0.01, 0.5, 0.9, 1e-8, 0.1);
    double[] theta = {1.0, -2.0, 0.5, 0.0};
    double[][] grads = {{0.3, -0.1, 2.0, 0.0}, {-0.2, 0.4, 1.0, 0.5}};
    INDArray param = Nd4j.createFromArray(theta.clone()).reshape(2, 2);
    AdamState state = adam.newState(List.of(new Parameter("p", param)));
    for (double[] g : grads) {
      state.step(List.of(Nd4j.createFromArray(g.clone()).reshape(2, 2)));
    }
    double[] expected = handAdamW(theta, grads, 0.01, 0.5, 0.9, 1e-8, 0.1);
    double[] actual = param.reshape(4).toDoubleVector();
    for (int k = 0; k < 4; k++) {
      assertThat(actual[k]).as("θ[%d]", k).isCloseTo(expected[k], within(1e-15));
    }
    assertThat(state.steps()).isEqualTo(2);
    // First step of Adam moves each coordinate by lr·sign(g) (bias-corrected m̂/√v̂ = ±1), plus the decay.
    assertThat(expected[0]).isNotEqualTo(theta[0]);
  }

  @Test
  void floatParameters_follow_theDoubleAdamW_over200Steps() {
    // The fused float kernel computes the bias corrections in float; 200 steps must stay on the double path.
    Adam adam = Adam.ctganDefaults();
    int n = 64;
    int steps = 200;
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    double[] theta = new double[n];
    for (int k = 0; k < n; k++) {
      theta[k] = rng.nextDouble(-1, 1);
    }
    double[][] grads = new double[steps][n];
    for (double[] g : grads) {
      for (int k = 0; k < n; k++) {
        g[k] = rng.nextDouble(-3, 3);
      }
    }
    INDArray param = Nd4j.createFromArray(theta).castTo(DataType.FLOAT);
    AdamState state = adam.newState(List.of(new Parameter("p", param)));
    for (double[] g : grads) {
      state.step(List.of(Nd4j.createFromArray(g).castTo(DataType.FLOAT)));
    }
    double[] expected = handAdamW(theta, grads, adam.lr(), adam.beta1(), adam.beta2(), adam.eps(), adam.weightDecay());
    double[] actual = param.toDoubleVector();
    for (int k = 0; k < n; k++) {
      assertThat(actual[k]).as("θ[%d]", k).isCloseTo(expected[k], within(2e-6));
    }
  }

  @Test
  void viewGradients_andWorkspaceGradients_giveTheSameStep_asDenseOnes() {
    Adam adam = new Adam(0.01, 0.5, 0.9, 1e-8, 0.1);
    double[] g = {0.3, -0.1, 2.0, 0.0, 1.5, -0.7};
    INDArray dense = Nd4j.createFromArray(g).reshape(2, 3);
    INDArray expected = Nd4j.createFromArray(1.0, -2.0, 0.5, 0.0, 3.0, -1.0).reshape(2, 3);
    adam.newState(List.of(new Parameter("p", expected))).step(List.of(dense));

    // A transposed view of a [3, 2] array and a column slice of a wider array hold the same values.
    INDArray transposed = Nd4j.createFromArray(g).reshape(2, 3).transpose().dup('c').transpose();
    INDArray wide = Nd4j.zeros(D, 2, 5);
    wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4))
        .assign(dense);
    INDArray slice = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
    for (INDArray gradient : List.of(transposed, slice)) {
      INDArray param = Nd4j.createFromArray(1.0, -2.0, 0.5, 0.0, 3.0, -1.0).reshape(2, 3);
      adam.newState(List.of(new Parameter("p", param))).step(List.of(gradient));
      assertThat(param).as("step with %s", gradient.shapeInfoToString()).isEqualTo(expected);
    }
    var config = org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder().initialSize(1 << 16).build();
    INDArray param = Nd4j.createFromArray(1.0, -2.0, 0.5, 0.0, 3.0, -1.0).reshape(2, 3);
    AdamState state = adam.newState(List.of(new Parameter("p", param)));
    try (var ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "adam-test")) {
      Nd4j.createUninitialized(D, 64).assign(Double.NaN);
      state.step(List.of(Nd4j.createFromArray(g).reshape(2, 3)));
    }
    assertThat(param).isEqualTo(expected);
  }

  @Test
  void viewParameters_areRejected_becauseTheyAreUpdatedThroughTheirBuffer() {
    INDArray wide = Nd4j.zeros(D, 2, 5);
    INDArray slice = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
    assertThatThrownBy(() -> Adam.ctganDefaults().newState(List.of(new Parameter("w", slice))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense c-order array, not a view");
    assertThatThrownBy(() -> Adam.ctganDefaults().newState(List.of(new Parameter("i", Nd4j.zeros(DataType.INT, 3)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be FLOAT or DOUBLE");
  }

  @Test
  void weightDecay_isDecoupled_fromTheGradient() {
    // With a zero gradient, AdamW still shrinks θ by (1 − lr·wd) per step; coupled L2 (g + wd·θ) would instead
    // move θ by a full Adam step of size ≈ lr.
    Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.5);
    INDArray param = Nd4j.createFromArray(2.0, -4.0);
    AdamState state = adam.newState(List.of(new Parameter("p", param)));
    state.step(List.of(Nd4j.zeros(D, 2)));
    assertThat(param.getDouble(0)).isCloseTo(2.0 * (1 - 0.1 * 0.5), within(1e-15));
    assertThat(param.getDouble(1)).isCloseTo(-4.0 * (1 - 0.1 * 0.5), within(1e-15));
  }

  @Test
  void copy_isIndependent_andContinuesIdentically() {
    Adam adam = Adam.ctganDefaults();
    INDArray p1 = Nd4j.createFromArray(1.0, 2.0, 3.0);
    AdamState s1 = adam.newState(List.of(new Parameter("p", p1)));
    s1.step(List.of(Nd4j.createFromArray(0.1, -0.2, 0.3)));
    INDArray p2 = p1.dup();
    AdamState s2 = s1.copyFor(List.of(new Parameter("p", p2)));
    INDArray g = Nd4j.createFromArray(0.5, 0.5, -0.5);
    s1.step(List.of(g));
    assertThat(s2.steps()).isEqualTo(1);
    s2.step(List.of(g));
    assertThat(p2).isEqualTo(p1);
    AdamState s3 = s1.copy();
    s3.step(List.of(g));
    assertThat(s1.steps()).isEqualTo(2);
    assertThat(s1.firstMoment(0)).isNotEqualTo(s3.firstMoment(0));
  }

  @Test
  void invalidConfigurations_areRejected() {
    assertThatThrownBy(() -> new Adam(Double.NaN, 0.5, 0.9, 1e-8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lr must be finite and > 0. Provided value: NaN");
    assertThatThrownBy(() -> new Adam(1e-3, 1.0, 0.9, 1e-8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta1 must be in [0, 1). Provided value: 1.0");
    assertThatThrownBy(() -> new Adam(1e-3, 0.5, Double.NaN, 1e-8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta2 must be in [0, 1). Provided value: NaN");
    assertThatThrownBy(() -> new Adam(1e-3, 0.5, 0.9, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eps must be finite and > 0. Provided value: 0.0");
    assertThatThrownBy(() -> new Adam(1e-3, 0.5, 0.9, 1e-8, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weightDecay must be finite and >= 0. Provided value: Infinity");
  }

  @Test
  void gradientsOfTheWrongShape_areRejected() {
    AdamState state = Adam.ctganDefaults().newState(List.of(new Parameter("w", Nd4j.zeros(D, 2, 3))));
    assertThatThrownBy(() -> state.step(List.of(Nd4j.zeros(D, 3, 2)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient of w").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    assertThatThrownBy(() -> state.step(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 gradients");
  }
}
