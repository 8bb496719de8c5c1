package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link FloatMath} against {@code Math.exp}, {@code log} and {@code tanh}; its clamping and argument checks. */
class FloatMathTest {
  @Test
  void everyArgumentInTheRange_isWithinOneUlpOfTheRoundedExp() {
    int n = 175_001;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.min(-87f + i * 0.001f, 88f);          // a sweep of [−87, 88] ...
    }
    float[] random = new float[50_000];
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < random.length; i++) {
      random[i] = (float) (rng.nextDouble() * 175 - 87);   // ... and points between its steps
    }
    for (float[] args : new float[][] {x, random, {0f, -0f, 1f, -1f, 88f, -87f, 1e-8f, -1e-8f, 0.34657359f}}) {
      assertWithinOneUlp(args, FloatMath::exp, Math::exp);
    }
  }

  /** Applies {@code f} to {@code args} and checks every result against {@code reference} rounded to float. */
  private static void assertWithinOneUlp(float[] args, Kernel f, DoubleUnaryOperator reference) {
    float[] out = new float[args.length];
    f.apply(new FloatMath(args.length), args, out, args.length);
    double worst = 0;
    for (int i = 0; i < args.length; i++) {
      float expected = (float) reference.applyAsDouble(args[i]);
      worst = Math.max(worst, Math.abs(out[i] - expected) / Math.ulp(expected));
    }
    assertThat(worst).isLessThanOrEqualTo(1.0);
  }

  /** One of {@link FloatMath}'s array functions. */
  private interface Kernel {
    void apply(FloatMath math, float[] x, float[] out, int n);
  }

  @Test
  void argumentsOutsideTheRange_areClamped_andNaNStaysNaN() {
    float[] x = {-1000f, Float.NEGATIVE_INFINITY, 1000f, Float.POSITIVE_INFINITY, Float.NaN, -87f, 88f};
    float[] out = new float[x.length];
    new FloatMath(x.length).exp(x, out, x.length);
    assertThat(out[0]).isEqualTo(out[5]).isEqualTo(out[1]).isPositive();
    assertThat(out[2]).isEqualTo(out[6]).isEqualTo(out[3]).isFinite();
    assertThat(out[4]).isNaN();
  }

  @Test
  void tanh_isWithinTwoTenMillionthsOfMathTanh_andSaturatesAtInfinity() {
    int n = 40_001;
    float[] x = new float[n + 6];
    for (int i = 0; i < n; i++) {
      x[i] = -20f + i * 0.001f;
    }
    float[] special = {0f, 1e-6f, -1e-6f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    System.arraycopy(special, 0, x, n, special.length);
    float[] out = new float[x.length];
    new FloatMath(x.length).tanh(x, out, x.length);
    double worst = 0;
    for (int i = 0; i < n + 3; i++) {
      worst = Math.max(worst, Math.abs(out[i] - Math.tanh(x[i])));
    }
    assertThat(worst).isLessThanOrEqualTo(2e-7);
    assertThat(out[n]).isEqualTo(0f);
    assertThat(out[n + 3]).isEqualTo(1f);
    assertThat(out[n + 4]).isEqualTo(-1f);
    assertThat(out[n + 5]).isNaN();
    assertThatThrownBy(() -> new FloatMath(4).tanh(x, x, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other than its input");
  }

  @Test
  void log_ofPositiveNormalFloats_isWithinOneUlpOfTheRoundedLog() {
    SplittableRandom rng = new SplittableRandom(7);
    float[] x = new float[100_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.exp(rng.nextDouble() * 170 - 85);   // spread over magnitudes ...
    }
    float[] nearOne = new float[20_001];
    for (int i = 0; i < nearOne.length; i++) {
      nearOne[i] = Math.nextUp(0.999f) + i * 1e-7f;               // ... and dense around 1, where log cancels
    }
    float[] edges = {Float.MIN_NORMAL, 1e-20f, 0.5f, 1f, 2f, (float) Math.sqrt(0.5), (float) Math.sqrt(2), 46f,
        Float.MAX_VALUE, 0.99999988f};
    for (float[] args : new float[][] {x, nearOne, edges}) {
      assertWithinOneUlp(args, FloatMath::log, Math::log);
    }
  }

  @Test
  void inPlace_andOnlyTheFirstNValues() {
    float[] x = {-1f, 0f, 2f, 7f};
    new FloatMath(8).exp(x, x, 3);
    assertThat(x[0]).isCloseTo((float) Math.exp(-1), offset(1e-7f));
    assertThat(x[1]).isEqualTo(1f);
    assertThat(x[2]).isCloseTo((float) Math.exp(2), offset(1e-6f));
    assertThat(x[3]).isEqualTo(7f);
  }

  @Test
  void moreValuesThanTheCapacityOrTheArrays_areRejected() {
    FloatMath exp = new FloatMath(4);
    assertThatThrownBy(() -> exp.exp(new float[8], new float[8], 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 4").hasMessageContaining("n=5");
    assertThatThrownBy(() -> exp.exp(new float[2], new float[4], 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.length=2");
    assertThatThrownBy(() -> new FloatMath(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: 0");
  }
}
