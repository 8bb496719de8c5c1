package org.dpcgan.core.internal.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpcgan.core.testing.Arrays2d.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomStreamsTest {
  @Test
  void sameSeedAndName_giveBitIdenticalDraws() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      RandomStream a = RandomStreams.of(42).stream("init");
      RandomStream b = RandomStreams.of(42).stream("init");
      assertBitIdentical("uniform", a.uniform(dtype, 3, 50), b.uniform(dtype, 3, 50));
      assertBitIdentical("normal", a.normal(dtype, 1.0, 2.0, 100), b.normal(dtype, 1.0, 2.0, 100));
      assertBitIdentical("bernoulli", a.bernoulli(dtype, 0.3, 7, 7), b.bernoulli(dtype, 0.3, 7, 7));
      assertThat(a.nextLong()).isEqualTo(b.nextLong());
      assertThat(a.nextDouble()).isEqualTo(b.nextDouble());
      assertThat(a.nextInt(1000)).isEqualTo(b.nextInt(1000));
      assertBitIdentical("child", a.child("x").normal(dtype, 0, 1, 20), b.child("x").normal(dtype, 0, 1, 20));
    }
  }

  @Test
  void successiveDraws_differentNames_andDifferentSeeds_differ() {
    RandomStream a = RandomStreams.of(42).stream("init");
    INDArray first = a.uniform(DataType.DOUBLE, 100);
    assertThat(a.uniform(DataType.DOUBLE, 100)).isNotEqualTo(first);
    assertThat(RandomStreams.of(42).stream("dropout").uniform(DataType.DOUBLE, 100)).isNotEqualTo(first);
    assertThat(RandomStreams.of(43).stream("init").uniform(DataType.DOUBLE, 100)).isNotEqualTo(first);
    assertThat(a.child("a").uniform(DataType.DOUBLE, 100)).isNotEqualTo(a.child("b").uniform(DataType.DOUBLE, 100));
  }

  @Test
  void draws_useTheStreamsOwnGenerator_notNd4jsGlobalOne() {
    // Advancing the global generator between two identical streams' draws must not change what they draw,
    // and the streams must not advance the global generator.
    RandomStream a = RandomStreams.of(7).stream("s");
    INDArray fromA = a.normal(DataType.DOUBLE, 0, 1, 64);
    Nd4j.getRandom().setSeed(1);   // test-only use of the global generator
    Nd4j.rand(DataType.DOUBLE, 10);
    INDArray fromB = RandomStreams.of(7).stream("s").normal(DataType.DOUBLE, 0, 1, 64);
    assertBitIdentical("after global draws", fromB, fromA);

    Nd4j.getRandom().setSeed(5);
    double expected = Nd4j.rand(DataType.DOUBLE, 1).getDouble(0);
    Nd4j.getRandom().setSeed(5);
    RandomStreams.of(7).stream("s").uniform(DataType.DOUBLE, 1000);
    RandomStreams.of(7).stream("s").bernoulli(DataType.DOUBLE, 0.5, 1000);
    assertThat(Nd4j.rand(DataType.DOUBLE, 1).getDouble(0)).isEqualTo(expected);
  }

  @Test
  void bernoulli_isExactlyUniformBelowP_onTheSameDraws() {
    // The branch-free comparison must decide u < p exactly, for the uniforms the same stream state would draw,
    // including p at and next to the 2⁻⁵³ grid and the ends 0 and 1.
    double[] ps = {0, 1, 0.5, 0.3, 0x1p-53, Math.nextUp(0.5), Math.nextDown(0.5), 1 - 0x1p-53};
    for (double p : ps) {
      INDArray mask = RandomStreams.of(5).stream("mask").bernoulli(DataType.DOUBLE, p, 4000);
      INDArray u = RandomStreams.of(5).stream("mask").uniform(DataType.DOUBLE, 4000);
      for (int i = 0; i < 4000; i++) {
        assertThat(mask.getDouble(i)).as("p = %s, draw %d", p, i).isEqualTo(u.getDouble(i) < p ? 1.0 : 0.0);
      }
    }
    INDArray ones = RandomStreams.of(5).stream("mask").bernoulli(DataType.FLOAT, 1.0, 1000);
    assertThat(ones.minNumber().doubleValue()).isEqualTo(1.0);
  }

  @Test
  void moments_matchTheirDistributions() {
    // n = 200 000 draws; each check is a 6-sigma bound on the sample mean (false-failure rate < 1e-8 each).
    int n = 200_000;
    RandomStream s = RandomStreams.of(11).stream("moments");
    double uniformMean = s.uniform(DataType.DOUBLE, n).meanNumber().doubleValue();
    assertThat(Math.abs(uniformMean - 0.5)).isLessThan(6 * Math.sqrt(1.0 / 12 / n));
    INDArray normal = s.normal(DataType.DOUBLE, 3.0, 2.0, n);
    assertThat(Math.abs(normal.meanNumber().doubleValue() - 3.0)).isLessThan(6 * 2.0 / Math.sqrt(n));
    // sample sd of N(3, 2²): sd of the estimate ≈ σ/√(2n).
    assertThat(Math.abs(normal.stdNumber().doubleValue() - 2.0)).isLessThan(6 * 2.0 / Math.sqrt(2.0 * n));
    double p = s.bernoulli(DataType.DOUBLE, 0.3, n).meanNumber().doubleValue();
    assertThat(Math.abs(p - 0.3)).isLessThan(6 * Math.sqrt(0.3 * 0.7 / n));
    INDArray u = s.uniform(DataType.FLOAT, n);
    assertThat(u.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    assertThat(u.maxNumber().doubleValue()).isLessThan(1.0);
  }

  @Test
  void badArguments_areRejected() {
    RandomStream s = RandomStreams.of(1).stream("s");
    assertThatThrownBy(() -> s.bernoulli(DataType.DOUBLE, 1.5, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p must be in [0, 1]. Provided value: 1.5");
    assertThatThrownBy(() -> s.normal(DataType.DOUBLE, 0, Double.NaN, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std").hasMessageContaining("NaN");
    assertThatThrownBy(() -> s.uniform(DataType.INT32, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating-point").hasMessageContaining("INT");
    assertThatThrownBy(() -> s.uniform(DataType.FLOAT, 3, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 0]");
    assertThatThrownBy(() -> s.nextInt(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound must be > 0. Provided value: 0");
  }

  @Test
  void streamSeeds_areTheDocumentedSha256Derivation() throws Exception {
    var sha = java.security.MessageDigest.getInstance("SHA-256");
    sha.update(java.nio.ByteBuffer.allocate(8).putLong(42).array());
    sha.update("init".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long expected = java.nio.ByteBuffer.wrap(sha.digest()).getLong();
    assertThat(RandomStreams.derive(42, "init")).isEqualTo(expected);
    assertThat(RandomStreams.of(42)).hasToString("RandomStreams[seed=42]");
  }
}
