package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostArraysTest {
  @Test
  void of_buildsCOrderArrays_withTheValuesInRowMajorOrder() {
    INDArray f = HostArrays.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(f.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(f.getFloat(1, 0)).isEqualTo(4f);
    assertThat(f.getFloat(0, 2)).isEqualTo(3f);
    INDArray d = HostArrays.of(new double[] {1.5, -2, 3, 4}, DataType.DOUBLE, 2, 2);
    assertThat(d.getDouble(0, 1)).isEqualTo(-2.0);
    INDArray narrowed = HostArrays.of(new double[] {0.1, 0.2}, DataType.FLOAT, 1, 2);
    assertThat(narrowed.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(narrowed.getFloat(0, 1)).isEqualTo(0.2f);
  }

  @Test
  void floatsAndDoubles_readViewsTransposesAndCasts_inCOrder() {
    INDArray m = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
    assertThat(HostArrays.floats(m)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    INDArray rows = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());            // offset view
    assertThat(HostArrays.floats(rows)).containsExactly(5, 6, 7, 8, 9, 10, 11, 12);
    INDArray columns = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));         // strided view
    assertThat(HostArrays.floats(columns)).containsExactly(2, 3, 6, 7, 10, 11);
    assertThat(HostArrays.floats(m.transpose())).containsExactly(1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12);
    assertThat(HostArrays.doubles(columns)).containsExactly(2, 3, 6, 7, 10, 11);
    assertThat(HostArrays.doubles(m.castTo(DataType.DOUBLE).transpose())).startsWith(1, 5, 9, 2);
    assertThat(HostArrays.isDense(m)).isTrue();
    assertThat(HostArrays.isDense(rows)).isFalse();
    assertThat(HostArrays.isDense(m.transpose())).isFalse();
  }

  @Test
  void readAndWrite_copyInBulk_andWriteRefusesViewsAndOtherLengths() {
    INDArray m = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    float[] host = new float[6];
    HostArrays.read(m.transpose(), host);
    assertThat(host).containsExactly(1, 4, 2, 5, 3, 6);
    HostArrays.write(new float[] {6, 5, 4, 3, 2, 1}, m);
    assertThat(HostArrays.floats(m)).containsExactly(6, 5, 4, 3, 2, 1);
    double[] wide = new double[6];
    HostArrays.read(m.castTo(DataType.DOUBLE), wide);
    assertThat(wide).containsExactly(6, 5, 4, 3, 2, 1);
    assertThatThrownBy(() -> HostArrays.write(new float[3], m.get(NDArrayIndex.point(1), NDArrayIndex.all())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a view");
    assertThatThrownBy(() -> HostArrays.write(new float[5], m)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 elements, the host array 5");
    assertThatThrownBy(() -> HostArrays.read(m, new float[7])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 elements, the host array 7");
  }

  @Test
  void of_rejectsAShapeThatDoesNotHoldTheValues() {
    assertThatThrownBy(() -> HostArrays.of(new float[5], 2, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape [2, 3] does not hold 5 values");
    assertThatThrownBy(() -> HostArrays.of(new double[2], DataType.INT, 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT or DOUBLE");
  }
}
