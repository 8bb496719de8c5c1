package org.dpcgan.core.internal.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.GaussianMixture;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.NumericColumnModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeneratorTest {
  private static final Layout LAYOUT = DataTransformer.fromModels(List.of(
      new DiscreteColumnModel("a", ColumnKind.CATEGORICAL, List.of("x", "y"), false),
      new DiscreteColumnModel("b", ColumnKind.CATEGORICAL, List.of("u", "v", "w"), false))).layout();
  private static final GanConfig CONFIG = GanConfig.defaults().withEpochs(1);
  /** Latent width 4, residual blocks of 6 and 5. */
  private static final GanConfig SMALL = new GanConfig(1, 10, 1, 1, 4, List.of(6, 5), List.of(8),
      CONFIG.generatorOptimizer(), CONFIG.discriminatorOptimizer(), 10, 0.5, 0.2);

  private static Generator generator(int conditionWidth) {
    return new Generator(SMALL, LAYOUT, conditionWidth, DataType.FLOAT, RandomStreams.of(3).stream("init"));
  }

  @Test
  void state_listsParametersThenEveryBatchNormsRunningStatistics() {
    Generator g = generator(5);
    List<String> names = g.state().stream().map(Parameter::name).toList();
    assertThat(names.subList(0, g.parameters().size()))
        .isEqualTo(g.parameters().stream().map(Parameter::name).toList());
    assertThat(names.subList(g.parameters().size(), names.size())).containsExactly(
        "g.res0.bn.runningMean", "g.res0.bn.runningVar", "g.res1.bn.runningMean", "g.res1.bn.runningVar");
  }

  @Test
  void sample_isDeterministicPerStream_rowsAreDistributions_andStateIsUnchanged() {
    Generator g = generator(5);
    List<float[]> before = g.state().stream().map(p -> p.value().dup().data().asFloat()).toList();
    INDArray condition = Nd4j.zeros(DataType.FLOAT, 7, 5);
    INDArray a = g.sample(condition, 7, RandomStreams.of(1).stream("noise"));
    INDArray b = g.sample(condition, 7, RandomStreams.of(1).stream("noise"));
    assertThat(a.shape()).containsExactly(7, 5);
    assertThat(a.dup().data().asFloat()).isEqualTo(b.dup().data().asFloat());
    // Gumbel-softmax spans (widths 2 and 3) sum to 1 per row.
    INDArray sums = a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).sum(1);
    for (int r = 0; r < 7; r++) {
      assertThat(sums.getDouble(r)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
    List<float[]> after = g.state().stream().map(p -> p.value().dup().data().asFloat()).toList();
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).isEqualTo(before.get(i));
    }
  }

  @Test
  void samplingPass_givesTheLayerPathsSample_upToFloatRounding_withAndWithoutConditions() {
    // Two numeric columns (tanh spans) around the categorical ones, and running statistics moved away from
    // (0, 1) by training-mode passes, so every part of the host pass is exercised; a 40-level column makes the
    // layout wider than the pass's buffer (4 + 6 + 5 columns).
    GaussianMixture two = new GaussianMixture(new double[] {0.4, 0.6}, new double[] {-1, 3}, new double[] {1, 2});
    Layout mixed = DataTransformer.fromModels(List.of(
        new NumericColumnModel("n", ColumnKind.CONTINUOUS, two, false, null, null, null),
        new DiscreteColumnModel("a", ColumnKind.CATEGORICAL, List.of("x", "y"), false),
        new NumericColumnModel("m", ColumnKind.CONTINUOUS, two, true, null, null, null),
        new DiscreteColumnModel("b", ColumnKind.CATEGORICAL, List.of("u", "v", "w"), false),
        new DiscreteColumnModel("w", ColumnKind.CATEGORICAL,
            java.util.stream.IntStream.range(0, 40).mapToObj(i -> "l" + i).toList(), false))).layout();
    for (int conditionWidth : new int[] {0, 5}) {
      Generator g = new Generator(SMALL, mixed, conditionWidth, DataType.FLOAT, RandomStreams.of(3).stream("init"));
      INDArray input = RandomStreams.of(4).stream("x").normal(DataType.FLOAT, 2, 3, 20, 4 + conditionWidth);
      for (int pass = 0; pass < 3; pass++) {
        g.body().forward(input, Mode.TRAINING, null);
      }
      int rows = 33;
      float[] condition = conditionWidth == 0 ? null : RandomStreams.of(5).stream("c")
          .uniform(DataType.FLOAT, rows, conditionWidth).data().asFloat();
      if (condition != null) {
        for (int i = 0; i < condition.length; i += 3) {
          condition[i] = 0;   // zeros among the values, as in one-hot condition vectors
        }
      }
      INDArray expected = g.sample(condition == null ? null : HostArrays.of(condition, rows, conditionWidth), rows,
          RandomStreams.of(1).stream("noise"));
      float[] actual = g.samplingPass().sampleRows(condition, rows, RandomStreams.of(1).stream("noise"));
      // One-hot entries (0 or 1) must agree exactly: the same categories drawn; tanh outputs to float rounding.
      assertThat(actual).as("condition width %d", conditionWidth)
          .containsExactly(HostArrays.floats(expected), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void samplingPass_keepsTheWeightsItWasMadeWith_whenTheGeneratorTrainsOn() {
    Generator g = generator(5);
    float[] condition = RandomStreams.of(5).stream("c").uniform(DataType.FLOAT, 9, 5).data().asFloat();
    SamplingPass pass = g.samplingPass();
    float[] before = pass.sampleRows(condition, 9, RandomStreams.of(1).stream("noise"));
    g.body().forward(RandomStreams.of(4).stream("x").normal(DataType.FLOAT, 2, 3, 20, 9), Mode.TRAINING, null);
    for (Parameter p : g.parameters()) {
      p.value().addi(0.5);
    }
    assertThat(pass.sampleRows(condition, 9, RandomStreams.of(1).stream("noise"))).containsExactly(before);
    assertThat(g.samplingPass().sampleRows(condition, 9, RandomStreams.of(1).stream("noise")))
        .as("a new pass sees the new weights").isNotEqualTo(before);
  }

  @Test
  void samplingPass_ofADoubleGenerator_isTheLayerPathsSample() {
    Generator g = new Generator(SMALL, LAYOUT, 3, DataType.DOUBLE, RandomStreams.of(3).stream("init"));
    float[] condition = {1, 0, 0, 0, 1, 1};
    float[] rows = g.samplingPass().sampleRows(condition, 2, RandomStreams.of(1).stream("noise"));
    INDArray expected = g.sample(HostArrays.of(condition, 2, 3), 2, RandomStreams.of(1).stream("noise"));
    assertThat(rows).containsExactly(HostArrays.floats(expected));
  }

  @Test
  void samplingPass_needsOneConditionVectorPerRow_exactlyWhenTheGeneratorHasAConditionInput() {
    assertThatThrownBy(() -> generator(5).samplingPass().sampleRows(new float[14], 3, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generator with condition width 5 needs 15 condition values for 3 rows. Provided: 14 values");
    assertThatThrownBy(() -> generator(0).samplingPass().sampleRows(new float[15], 3, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs no condition");
    assertThatThrownBy(() -> generator(5).samplingPass().sampleRows(null, 3, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Provided: null");
  }

  @Test
  void samplingPass_withTheOnesPositions_givesTheRowsOfTheDenseConditionVectors_onTheHostAndDoublePaths() {
    int[] ones = {0, 4, 3, -1, 2, 1, -1, -1};                  // two ones, one, two in reverse order, none
    float[] dense = new float[4 * 5];
    for (int i = 0; i < ones.length; i++) {
      if (ones[i] >= 0) {
        dense[i / 2 * 5 + ones[i]] = 1;
      }
    }
    SamplingPass pass = generator(5).samplingPass();
    assertThat(pass.sampleRowsWithOnes(ones, 4, RandomStreams.of(1).stream("noise")))
        .containsExactly(pass.sampleRows(dense, 4, RandomStreams.of(1).stream("noise")));
    SamplingPass doubles = new Generator(SMALL, LAYOUT, 5, DataType.DOUBLE, RandomStreams.of(3).stream("init"))
        .samplingPass();
    assertThat(doubles.sampleRowsWithOnes(ones, 4, RandomStreams.of(1).stream("noise")))
        .containsExactly(doubles.sampleRows(dense, 4, RandomStreams.of(1).stream("noise")));
  }

  @Test
  void samplingPass_withOnes_rejectsPositionsOutsideTheConditionAndAWrongCount() {
    SamplingPass pass = generator(5).samplingPass();
    assertThatThrownBy(() -> pass.sampleRowsWithOnes(new int[] {0, 5}, 1, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition positions must be -1 (none) or in [0, 5). Provided value: 5");
    assertThatThrownBy(() -> pass.sampleRowsWithOnes(new int[] {0, 1, 2}, 2, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generator with condition width 5 needs two positions a row for 2 rows. Provided: 3 positions");
    assertThatThrownBy(() -> generator(0).samplingPass().sampleRowsWithOnes(new int[2], 1,
        RandomStreams.of(1).stream("n"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("and a condition input");
  }

  @Test
  void sample_conditionPresenceMustMatchTheGenerator() {
    assertThatThrownBy(() -> generator(5).sample(null, 3, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a condition matrix");
    assertThatThrownBy(() -> generator(0).sample(Nd4j.zeros(DataType.FLOAT, 3, 5), 3,
        RandomStreams.of(1).stream("n"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes no condition");
    assertThatThrownBy(() -> generator(0).sample(null, 0, RandomStreams.of(1).stream("n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rows must be >= 1. Provided value: 0");
  }
}
