package org.dpcgan.core.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.DataTransformer;
import org.dpcgan.core.data.DiscreteColumnModel;
import org.dpcgan.core.data.Layout;
import org.dpcgan.core.nn.Parameter;
import org.dpcgan.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeneratorTest {
  private static final Layout LAYOUT = DataTransformer.fromModels(List.of(
      new DiscreteColumnModel("a", ColumnKind.CATEGORICAL, List.of("x", "y"), false),
      new DiscreteColumnModel("b", ColumnKind.CATEGORICAL, List.of("u", "v", "w"), false))).layout();
  private static final GanConfig CONFIG = GanConfig.defaults().withEpochs(1);

  private static Generator generator(int conditionWidth) {
    GanConfig small = new GanConfig(1, 10, 1, 1, 4, List.of(6, 5), List.of(8), CONFIG.generatorOptimizer(),
        CONFIG.discriminatorOptimizer(), 10, 0.5, 0.2);
    return new Generator(small, LAYOUT, conditionWidth, DataType.FLOAT, RandomStreams.of(3).stream("init"));
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
