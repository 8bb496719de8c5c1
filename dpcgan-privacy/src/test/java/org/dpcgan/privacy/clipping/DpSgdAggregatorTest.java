package org.dpcgan.privacy.clipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The aggregator owns the step: it clips, adds the noise, counts the step and says what the steps cost. */
class DpSgdAggregatorTest {
  private static INDArray rows(double[][] values) {
    return Nd4j.createFromArray(values);
  }

  @Test
  void everyStep_isCounted_andSpentIsThePoissonSampledGaussianSelfComposed() {
    DpSgdAggregator agg = new DpSgdAggregator(1.0, 1.5, 10, 400, GaussianNoise.insecureSeeded(3));
    agg.aggregate(List.of(new DenseGradient(rows(new double[][] {{1, 2}, {3, 4}}))));
    agg.aggregateEmptyBatch(List.<long[]>of(new long[] {2}), DataType.DOUBLE);
    assertThat(agg.steps()).isEqualTo(2);
    assertThat(agg.samplingRate()).isEqualTo(0.025);
    assertThat(agg.spent()).isEqualTo(DpEvent.dpSgd(0.025, 1.5, 2));
  }

  @Test
  void clippedSumChange_ofOneAddedExample_isItsClippedNorm() {
    DpSgdAggregator agg = new DpSgdAggregator(2.0, 1.0, 1, 10, GaussianNoise.insecureSeeded(3));
    List<PerExampleGradient> d = List.of(new DenseGradient(rows(new double[][] {{1, 0}, {0, 1}})));
    List<PerExampleGradient> small = List.of(new DenseGradient(rows(new double[][] {{1, 0}, {0, 1}, {0.6, 0.8}})));
    List<PerExampleGradient> large = List.of(new DenseGradient(rows(new double[][] {{1, 0}, {0, 1}, {30, 40}})));
    assertThat(agg.clippedSumChange(d, small)).isCloseTo(1, within(1e-12));            // norm 1, below C = 2
    assertThat(agg.clippedSumChange(d, large)).isCloseTo(2 * (1 - PerExampleClipping.MARGIN), within(1e-12));
    assertThat(agg.steps()).isZero();
  }

  @Test
  void datasetSmallerThanTheBatch_isRejected() {
    assertThatThrownBy(() -> new DpSgdAggregator(1, 1, 50, 20, GaussianNoise.insecureSeeded(1)))
        .hasMessage("datasetSize must be >= expectedBatchSize 50.0 (the sampling rate B/N must be at most 1)."
            + " Provided value: 20");
  }
}
