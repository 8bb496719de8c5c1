package org.dpcgan.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianNoiseTest {
  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

  /** Kolmogorov–Smirnov distance of the sample from N(0, 1). */
  private static double ksDistance(double[] sample) {
    double[] s = sample.clone();
    Arrays.sort(s);
    double d = 0;
    for (int i = 0; i < s.length; i++) {
      double f = STANDARD.cumulativeProbability(s[i]);
      d = Math.max(d, Math.max(f - (double) i / s.length, (i + 1.0) / s.length - f));
    }
    return d;
  }

  /** KS critical value at false-failure rate alpha: sqrt(ln(2/alpha) / (2n)) (Dvoretzky–Kiefer–Wolfowitz). */
  private static double ksCritical(int n, double alpha) {
    return Math.sqrt(Math.log(2 / alpha) / (2.0 * n));
  }

  // NIST SP 800-38A, Appendix F.5.5 CTR-AES256.Encrypt, block 1: keystream = plaintext XOR ciphertext.
  @Test
  void aesCtrStream_matchesTheNistKnownAnswer() {
    HexFormat hex = HexFormat.of();
    byte[] key = hex.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    byte[] counter = hex.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    byte[] plain = hex.parseHex("6bc1bee22e409f96e93d7e117393172a");
    byte[] cipher = hex.parseHex("601ec313775789a5b7a7f504bbf3d228");
    AesCtrStream stream = new AesCtrStream(key, counter);
    java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    got.putLong(stream.nextLong()).putLong(stream.nextLong());
    byte[] keystream = new byte[16];
    for (int i = 0; i < 16; i++) {
      keystream[i] = (byte) (plain[i] ^ cipher[i]);
    }
    assertThat(got.array()).containsExactly(keystream);
  }

  @Test
  void singleZigguratDraws_areStandardNormal() {
    // Tested without the four-draw sum, which would hide errors by the central limit theorem.
    AesCtrStream stream = new AesCtrStream(new byte[32], new byte[16]);
    int n = 400_000;
    double[] x = new double[n];
    int tail = 0;
    for (int i = 0; i < n; i++) {
      x[i] = Ziggurat.sample(stream);
      if (Math.abs(x[i]) > 3.442619855899) {
        tail++;
      }
    }
    // False-failure rate 1e-6 for the KS bound.
    assertThat(ksDistance(x)).isLessThan(ksCritical(n, 1e-6));
    // Tail count ~ Binomial(n, 2Φ(−r) = 5.7617e-4): mean 230, sd 15.2; ±6 sd, false-failure rate < 2e-9.
    double p = 2 * STANDARD.cumulativeProbability(-3.442619855899);
    assertThat((double) tail).isCloseTo(n * p, within(6 * Math.sqrt(n * p)));
    // Far tail reached: values beyond 4.5 have probability 6.8e-6 each draw; expect 2.7, P(none) = 0.066 —
    // so only check that the sampler is not truncated at r.
    assertThat(Arrays.stream(x).map(Math::abs).max().getAsDouble()).isGreaterThan(3.8);
  }

  @Test
  void noise_hasMeanZeroVarianceAndKurtosisOfTheNormal() {
    GaussianNoise noise = GaussianNoise.insecureSeeded(11);
    int n = 400_000;
    double[] x = new double[n];
    noise.fill(x, 0, n, 2.5);
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    double m4 = Arrays.stream(x).map(v -> Math.pow(v - mean, 4)).sum() / n;
    // sd of the mean 2.5/sqrt(n) = 0.004; of the variance 6.25·sqrt(2/n) = 0.014; of kurtosis sqrt(24/n) =
    // 0.0077. Bands of 6 sd: false-failure rate < 6e-9 for all three together.
    assertThat(mean).isCloseTo(0, within(6 * 2.5 / Math.sqrt(n)));
    assertThat(var).isCloseTo(6.25, within(6 * 6.25 * Math.sqrt(2.0 / n)));
    assertThat(m4 / (var * var)).isCloseTo(3, within(6 * Math.sqrt(24.0 / n)));
    for (int i = 0; i < n; i++) {
      x[i] /= 2.5;
    }
    assertThat(ksDistance(x)).isLessThan(ksCritical(n, 1e-6));
  }

  @Test
  void consecutiveValues_areUncorrelated() {
    GaussianNoise noise = GaussianNoise.insecureSeeded(5);
    int n = 200_000;
    double[] x = new double[n];
    noise.fill(x, 0, n, 1);
    double c = 0;
    for (int i = 1; i < n; i++) {
      c += x[i] * x[i - 1];
    }
    // Lag-1 autocorrelation has sd 1/sqrt(n) = 0.0022; 6 sd band, false-failure rate 2e-9.
    assertThat(c / n).isCloseTo(0, within(6 / Math.sqrt(n)));
  }

  @Test
  void seededNoise_isReproducible_andSeedsDiffer() {
    double[] a = new double[100];
    double[] b = new double[100];
    double[] c = new double[100];
    GaussianNoise.insecureSeeded(42).fill(a, 0, 100, 1);
    GaussianNoise.insecureSeeded(42).fill(b, 0, 100, 1);
    GaussianNoise.insecureSeeded(43).fill(c, 0, 100, 1);
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(GaussianNoise.insecureSeeded(42).isSecure()).isFalse();
  }

  @Test
  void largeFills_areSplitIntoParallelChunks_yetReproducibleAndDistinct() {
    // 300,000 values span five chunks filled in parallel from split streams.
    float[] a = new float[300_000];
    float[] b = new float[300_000];
    GaussianNoise.insecureSeeded(8).fill(a, 0, a.length, 1);
    GaussianNoise.insecureSeeded(8).fill(b, 0, b.length, 1);
    assertThat(a).containsExactly(b);
    // Different chunks must not repeat each other's stream.
    assertThat(Arrays.copyOfRange(a, 0, 1000)).isNotEqualTo(Arrays.copyOfRange(a, 65_536, 66_536));
    double[] x = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      x[i] = a[i];
    }
    assertThat(ksDistance(x)).isLessThan(ksCritical(x.length, 1e-6));
  }

  @Test
  void secureNoise_differsBetweenInstances() {
    double[] a = new double[100];
    double[] b = new double[100];
    GaussianNoise.secure().fill(a, 0, 100, 1);
    GaussianNoise.secure().fill(b, 0, 100, 1);
    assertThat(a).isNotEqualTo(b);
    assertThat(GaussianNoise.secure().isSecure()).isTrue();
    assertThat(GaussianNoise.secure().toString()).isEqualTo("GaussianNoise[AES-256-CTR, secure, sum of 4 ziggurat draws]");
  }

  @Test
  void sample_hasTheRequestedTypeAndShape() {
    GaussianNoise noise = GaussianNoise.insecureSeeded(1);
    for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT, DataType.HALF}) {
      INDArray a = noise.sample(t, 0.5, 3, 4, 5);
      assertThat(a.dataType()).isEqualTo(t);
      assertThat(a.shape()).containsExactly(3, 4, 5);
    }
    assertThat(noise.sample(DataType.DOUBLE, 0, 7).sumNumber().doubleValue()).isZero();
  }

  @Test
  void addTo_addsNoiseInPlace() {
    INDArray target = Nd4j.ones(DataType.FLOAT, 1000);
    INDArray same = GaussianNoise.insecureSeeded(3).addTo(target, 0.1);
    assertThat(same).isSameAs(target);
    // Mean of 1000 draws of 1 + N(0, 0.01): sd 0.0032; 6 sd band.
    assertThat(target.meanNumber().doubleValue()).isCloseTo(1, within(0.019));
    assertThat(target.stdNumber().doubleValue()).isCloseTo(0.1, within(0.03));
  }

  @Test
  void stddev_negativeOrNaN_isRejected() {
    GaussianNoise noise = GaussianNoise.insecureSeeded(1);
    assertThatThrownBy(() -> noise.sample(DataType.DOUBLE, -1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stddev must be finite and >= 0. Provided value: -1.0");
    assertThatThrownBy(() -> noise.fill(new double[3], 0, 3, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stddev must be finite and >= 0. Provided value: NaN");
  }

  @Test
  void integerType_isRejected() {
    assertThatThrownBy(() -> GaussianNoise.insecureSeeded(1).sample(DataType.INT32, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noise needs a floating-point data type. Provided: INT");
  }
}
