package org.dpcgan.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dpcgan.privacy.clipping.DpSgdAggregator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NoiseAheadTest {

  @Test
  void sameLengthRequests_giveTheSourcesOwnSequenceOfDraws() {
    GaussianNoise direct = GaussianNoise.insecureSeeded(5);
    try (NoiseAhead ahead = new NoiseAhead(GaussianNoise.insecureSeeded(5))) {
      for (int call = 0; call < 3; call++) {
        double[] expected = new double[5000];
        direct.fill(expected, 0, expected.length, 1.0);
        assertThat(ahead.standard(5000)).as("call %d", call).containsExactly(expected);
      }
    }
  }

  @Test
  void aRequestOfAnotherLength_isServedFresh() {
    try (NoiseAhead ahead = new NoiseAhead(GaussianNoise.insecureSeeded(6))) {
      assertThat(ahead.standard(10)).hasSize(10);
      assertThat(ahead.standard(7)).hasSize(7);
      assertThat(ahead.standard(0)).isEmpty();
    }
  }

  @Test
  void afterClose_requestsFailClearly() {
    NoiseAhead ahead = new NoiseAhead(GaussianNoise.insecureSeeded(7));
    ahead.close();
    assertThatThrownBy(() -> ahead.standard(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aggregatorWithNoiseAhead_addsNoiseOfStandardDeviationSigmaCOverB() {
    // Zero gradients: the output is noise only, N(0, (σC)²)/B per coordinate. 40,000 values: the sample std
    // has relative standard error 1/sqrt(2n) = 0.35%; the 3% tolerance is over 8 standard errors.
    try (DpSgdAggregator agg = DpSgdAggregator.withNoiseAhead(2.0, 1.5, 4.0, GaussianNoise.insecureSeeded(8))) {
      for (int call = 0; call < 2; call++) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 200, 100);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 20000);
        List<INDArray> out = agg.privatize(List.of(a, b));
        for (INDArray o : out) {
          assertThat(o.dataType()).isEqualTo(DataType.FLOAT);
          assertThat(o.meanNumber().doubleValue()).isCloseTo(0.0, within(0.03));
          assertThat(o.stdNumber().doubleValue()).isCloseTo(1.5 * 2.0 / 4.0, within(0.03 * 0.75));
        }
      }
      List<INDArray> empty = agg.aggregateEmptyBatch(List.of(new long[] {300, 100}), DataType.FLOAT);
      assertThat(empty.get(0).stdNumber().doubleValue()).isCloseTo(0.75, within(0.03 * 0.75));
    }
  }
}
