package org.dpcgan.core.internal.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link BoxMuller} through {@link RandomStream#fillStandardNormal}: its arithmetic, its distribution, its layout. */
class BoxMullerTest {
  private static final long SEED = 20261124L;

  @Test
  void fill_isTheBoxMullerTransformOfTheStreamsDraws_inDouble_toAboutOneMillionth() {
    int n = 3 * BoxMuller.PAIRS * 2 + 5;                  // three whole blocks and a partial one, odd
    float[] out = new float[n];
    RandomStreams.of(SEED).stream("z").fillStandardNormal(out, 0, n);
    SplittableRandom bits = tensors("z");
    float[] expected = new float[n];
    for (int at = 0; at < n; ) {
      int pairs = Math.min(BoxMuller.PAIRS, (n - at + 1) / 2);
      for (int j = 0; j < pairs; j++) {
        long v = bits.nextLong();
        double u = (float) (((v >>> 24) + 1) * 0x1p-40);    // the float the transform takes the logarithm of
        double r = Math.sqrt(-2 * Math.log(u));
        double theta = 2 * Math.PI * ((v & 0xffffff) * 0x1p-24 - 0.5);
        expected[at + j] = (float) (r * Math.cos(theta));
        if (at + pairs + j < n) {
          expected[at + pairs + j] = (float) (r * Math.sin(theta));
        }
      }
      at += Math.min(2 * pairs, n - at);
    }
    for (int i = 0; i < n; i++) {
      assertThat(out[i]).as("value %d", i).isCloseTo(expected[i],
          offset(2e-6f + 1e-6f * Math.abs(expected[i])));
    }
  }

  @Test
  void values_passAKolmogorovSmirnovTestAgainstTheStandardNormal_andHaveItsMoments() {
    int n = 1 << 18;
    float[] out = new float[n];
    RandomStreams.of(SEED).stream("ks").fillStandardNormal(out, 0, n);
    double sum = 0;
    double squares = 0;
    double fourth = 0;
    for (float x : out) {
      sum += x;
      squares += (double) x * x;
      fourth += (double) x * x * x * x;
    }
    assertThat(Math.abs(sum / n)).isLessThan(5 / Math.sqrt(n));
    assertThat(Math.abs(squares / n - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
    assertThat(Math.abs(fourth / n - 3)).isLessThan(5 * Math.sqrt(96.0 / n));
    Arrays.sort(out);
    NormalDistribution phi = new NormalDistribution(null, 0, 1);
    double d = 0;
    for (int i = 0; i < n; i++) {
      double f = phi.cumulativeProbability(out[i]);
      d = Math.max(d, Math.max(Math.abs((i + 1.0) / n - f), Math.abs(f - (double) i / n)));
    }
    assertThat(d).as("Kolmogorov–Smirnov D").isLessThan(1.95 / Math.sqrt(n));   // the 0.1 % critical value
    assertThat(out[n - 1]).isLessThanOrEqualTo(7.45f);
    assertThat(out[0]).isGreaterThanOrEqualTo(-7.45f);
  }

  @Test
  void fillingARange_drawsWhatNormalDrawsForAsManyValues_andLeavesTheRestOfTheArray() {
    int n = BoxMuller.PAIRS * 2 + 3;
    float[] out = new float[n + 10];
    Arrays.fill(out, Float.NaN);
    RandomStreams.of(SEED).stream("r").fillStandardNormal(out, 4, 4 + n);
    float[] whole = RandomStreams.of(SEED).stream("r").normal(DataType.FLOAT, 0, 1, n).toFloatVector();
    assertThat(Arrays.copyOfRange(out, 4, 4 + n)).containsExactly(whole);
    assertThat(Arrays.copyOfRange(out, 0, 4)).containsOnly(Float.NaN);
    assertThat(Arrays.copyOfRange(out, 4 + n, n + 10)).containsOnly(Float.NaN);
  }

  @Test
  void anOddFill_usesOneDrawForItsLastValue_soTheNextFillStartsAtTheFollowingDraw() {
    RandomStream a = RandomStreams.of(SEED).stream("odd");
    float[] first = new float[3];
    a.fillStandardNormal(first, 0, 3);
    SplittableRandom bits = tensors("odd");
    bits.nextLong();
    bits.nextLong();
    assertThat(a.uniform(DataType.DOUBLE, 1).getDouble(0)).isEqualTo(bits.nextDouble());
  }

  @Test
  void aRangeOutsideTheArray_isRejectedWithTheBounds() {
    RandomStream s = RandomStreams.of(SEED).stream("bad");
    assertThatThrownBy(() -> s.fillStandardNormal(new float[4], 2, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out.length 4").hasMessageContaining("from=2, to=5");
    assertThatThrownBy(() -> s.fillStandardNormal(new float[4], 3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The tensor generator of stream {@code name} of {@link #SEED}, as {@link RandomStream} seeds it. */
  private static SplittableRandom tensors(String name) {
    return new SplittableRandom(RandomStreams.derive(RandomStreams.derive(SEED, name), "tensors"));
  }
}
