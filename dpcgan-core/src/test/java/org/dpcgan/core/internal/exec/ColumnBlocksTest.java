package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ColumnBlocksTest {
  private static final DataType[] DTYPES = {DataType.FLOAT, DataType.DOUBLE};

  @Test
  void copy_givesTheColumnBlockAsADenseArray_forDenseMatricesAndViews() {
    for (DataType dtype : DTYPES) {
      INDArray x = Nd4j.linspace(dtype, -3, 0.25, 35).reshape(5, 7);
      INDArray view = Nd4j.linspace(dtype, 1, 0.5, 80).reshape(8, 10)
          .get(NDArrayIndex.interval(2, 7), NDArrayIndex.interval(1, 8));   // [5, 7] at row stride 10: OpenBLAS
      assertThat(Matmul.onOpenBlas(view)).isTrue();
      for (INDArray m : new INDArray[] {x, view}) {
        for (long[] block : new long[][] {{0, 3}, {3, 7}, {2, 5}, {0, 7}}) {
          INDArray copy = ColumnBlocks.copy(m, block[0], block[1]);
          assertThat(HostArrays.isDense(copy)).isTrue();
          assertThat(copy.dataType()).isEqualTo(dtype);
          assertThat(copy).as("%s %s", dtype, java.util.Arrays.toString(block))
              .isEqualTo(m.get(NDArrayIndex.all(), NDArrayIndex.interval(block[0], block[1])).dup());
        }
      }
    }
  }

  @Test
  void addInto_addsTheColumnBlockInPlace_andLeavesTheSourceAlone() {
    for (DataType dtype : DTYPES) {
      INDArray x = Nd4j.linspace(dtype, -3, 0.25, 35).reshape(5, 7);
      INDArray before = x.dup();
      INDArray target = Nd4j.linspace(dtype, -6, 0.75, 15).reshape(5, 3);
      INDArray expected = target.add(x.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 7)));
      assertThat(ColumnBlocks.addInto(target, x, 4)).isSameAs(target);
      assertThat(target).isEqualTo(expected);
      assertThat(x).isEqualTo(before);
      // A target that is a column block is added into at its row stride, its neighbour column untouched.
      INDArray wide = Nd4j.linspace(dtype, -6, 0.75, 20).reshape(5, 4);
      INDArray firstColumn = wide.getColumn(0).dup();
      INDArray targetView = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
      assertThat(Matmul.onOpenBlas(targetView, x)).isTrue();
      INDArray expectedView = targetView.add(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)));
      ColumnBlocks.addInto(targetView, x, 0);
      assertThat(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4))).isEqualTo(expectedView);
      assertThat(wide.getColumn(0)).isEqualTo(firstColumn);
    }
  }

  @Test
  void blocksOutsideTheMatrix_orOtherRowCounts_areRejectedWithTheShapes() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 4, 6);
    assertThatThrownBy(() -> ColumnBlocks.copy(x, 3, 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 7)").hasMessageContaining("FLOAT[4, 6]");
    assertThatThrownBy(() -> ColumnBlocks.copy(x, 2, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    assertThatThrownBy(() -> ColumnBlocks.addInto(Nd4j.zeros(DataType.FLOAT, 3, 2), x, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row counts")
        .hasMessageContaining("FLOAT[3, 2]");
    assertThatThrownBy(() -> ColumnBlocks.addInto(Nd4j.zeros(DataType.FLOAT, 4, 2), x, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 7)");
  }
}
