package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MatmulTest {
  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(1L << 20).policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();

  @Test
  void product_ignoresGarbageInItsUninitialisedOutput_forEveryTransposeAndDtype() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          INDArray a = Nd4j.linspace(dtype, -1, 0.1, 21).reshape(ta ? 7 : 3, ta ? 3 : 7);
          INDArray b = Nd4j.linspace(dtype, 2, -0.05, 35).reshape(tb ? 5 : 7, tb ? 7 : 5);
          INDArray expected = reference(ta ? a.transpose() : a, tb ? b.transpose() : b);
          try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "matmul-test")) {
            Nd4j.createUninitialized(dtype, 4096).assign(Double.NaN);   // leaves NaN where the output will go
          }
          try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "matmul-test")) {
            INDArray product = Matmul.product(a, b, ta, tb);
            assertThat(product.shape()).containsExactly(3, 5);
            assertThat(product.ordering()).isEqualTo('c');
            double[] actual = product.castTo(DataType.DOUBLE).data().asDouble();
            for (int k = 0; k < actual.length; k++) {
              assertThat(actual[k]).as("%s ta=%s tb=%s [%d]", dtype, ta, tb, k)
                  .isCloseTo(expected.getDouble(k / 5, k % 5), org.assertj.core.api.Assertions.within(1e-4));
            }
          }
        }
      }
    }
  }

  @Test
  void product_ofViewsAndOffsetRows_matchesTheReference() {
    // Column blocks and row ranges are row-major with a leading dimension (OpenBLAS); the transposed view is not
    // (ND4J's path). Both must give the reference.
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray big = Nd4j.linspace(dtype, -2, 0.01, 400).reshape(20, 20);
      INDArray columns = big.get(NDArrayIndex.interval(0, 3), NDArrayIndex.interval(4, 11));   // [3, 7], strided
      INDArray rows = big.get(NDArrayIndex.interval(5, 12), NDArrayIndex.all());              // [7, 20], offset
      INDArray transposed = Nd4j.linspace(dtype, 1, 0.5, 35).reshape(5, 7).transpose();      // [7, 5], f-order
      assertThat(HostArrays.isDense(columns) || HostArrays.isDense(rows) || HostArrays.isDense(transposed)).isFalse();
      assertThat(Matmul.onOpenBlas(columns, rows)).isTrue();
      assertThat(Matmul.onOpenBlas(transposed)).isFalse();
      assertCloseToReference(Matmul.product(columns, rows, false, false), columns, rows);
      assertCloseToReference(Matmul.product(columns, transposed, false, false), columns, transposed);
      assertCloseToReference(Matmul.product(rows, columns, true, true), rows.transpose(), columns.transpose());
    }
  }

  @Test
  void productInto_writesAColumnBlockOfAWiderMatrix_andLeavesTheRestUntouched() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray wide = Nd4j.linspace(dtype, -3, 0.25, 40).reshape(4, 10);
      INDArray before = wide.dup();
      INDArray a = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(6, 10));   // [4, 4], the input block
      INDArray b = Nd4j.linspace(dtype, 1, -0.3, 12).reshape(4, 3);
      INDArray out = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));   // [4, 3], next to it
      assertThat(Matmul.onOpenBlas(out, a, b)).as("column blocks go to OpenBLAS").isTrue();
      assertThat(Matmul.productInto(out, a, b)).isSameAs(out);
      assertCloseToReference(out, a, b);
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 10; j++) {
          if (j < 2 || j >= 5) {
            assertThat(wide.getDouble(i, j)).as("[%d, %d]", i, j).isEqualTo(before.getDouble(i, j));
          }
        }
      }
    }
    assertThatThrownBy(() -> Matmul.productInto(Nd4j.zeros(DataType.FLOAT, 3, 4), Nd4j.zeros(DataType.FLOAT, 3, 2),
        Nd4j.zeros(DataType.FLOAT, 2, 5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 5]").hasMessageContaining("FLOAT[3, 4]");
  }

  @Test
  void productOfColumns_writesTheProductOfOneColumnBlockIntoAnother_andLeavesTheRestUntouched() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray wider = Nd4j.linspace(dtype, -5, 0.5, 60).reshape(4, 15);
      INDArray columnBlock = wider.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 13));   // row stride 15
      for (INDArray wide : new INDArray[] {Nd4j.linspace(dtype, -3, 0.25, 40).reshape(4, 10), columnBlock,
          Nd4j.linspace(dtype, -3, 0.25, 40).reshape(4, 10).dup('f')}) {   // f-order takes ND4J's path
        char order = wide.ordering();
        INDArray widerBefore = wider.dup();
        INDArray before = wide.dup();
        INDArray b = Nd4j.linspace(dtype, 1, -0.3, 12).reshape(4, 3);
        assertThat(Matmul.onOpenBlas(wide, b)).as("OpenBLAS takes %c", order).isEqualTo(order == 'c');
        Matmul.productOfColumns(wide, 6, 10, b, 1);
        assertCloseToReference(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)),
            before.get(NDArrayIndex.all(), NDArrayIndex.interval(6, 10)), b);
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 10; j++) {
            if (j < 1 || j >= 4) {
              assertThat(wide.getDouble(i, j)).as("%s %c [%d, %d]", dtype, order, i, j)
                  .isEqualTo(before.getDouble(i, j));
            }
          }
          if (wide == columnBlock) {
            for (int j : new int[] {0, 1, 2, 13, 14}) {
              assertThat(wider.getDouble(i, j)).as("outside the block [%d, %d]", i, j)
                  .isEqualTo(widerBefore.getDouble(i, j));
            }
          }
        }
      }
    }
  }

  @Test
  void productOfColumns_rejectsOverlappingOrOutOfRangeBlocks_andAMismatchedFactor() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 3, 10);
    assertThatThrownBy(() -> Matmul.productOfColumns(x, 4, 8, Nd4j.zeros(DataType.FLOAT, 4, 3), 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input columns [4, 8)")
        .hasMessageContaining("output columns [6, 9)");
    assertThatThrownBy(() -> Matmul.productOfColumns(x, 4, 8, Nd4j.zeros(DataType.FLOAT, 4, 3), 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output columns [8, 11)");
    assertThatThrownBy(() -> Matmul.productOfColumns(x, 4, 8, Nd4j.zeros(DataType.FLOAT, 3, 3), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b of 4 rows");
    assertThatThrownBy(() -> Matmul.productOfColumns(x, 4, 8, Nd4j.zeros(DataType.DOUBLE, 4, 3), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype");
  }

  private static void assertCloseToReference(INDArray product, INDArray a, INDArray b) {
    INDArray expected = reference(a, b);
    assertThat(product.shape()).containsExactly(expected.shape());
    for (int i = 0; i < expected.size(0); i++) {
      for (int j = 0; j < expected.size(1); j++) {
        assertThat(product.getDouble(i, j)).as("[%d, %d]", i, j)
            .isCloseTo(expected.getDouble(i, j), org.assertj.core.api.Assertions.within(1e-3));
      }
    }
  }

  @Test
  void columnSums_areTheScaledSumsOverRows_forDenseMatricesAndViews() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray dense = Nd4j.linspace(dtype, -2, 0.37, 42).reshape(6, 7);
      INDArray view = Nd4j.linspace(dtype, -9, 0.21, 100).reshape(10, 10)
          .get(NDArrayIndex.interval(1, 7), NDArrayIndex.interval(2, 9));   // [6, 7], row stride 10
      for (INDArray x : new INDArray[] {dense, view}) {
        INDArray sums = Matmul.columnSums(x, 0.5);
        assertThat(sums.shape()).containsExactly(7);
        assertThat(sums.dataType()).isEqualTo(dtype);
        for (int j = 0; j < 7; j++) {
          double expected = 0;
          for (int i = 0; i < 6; i++) {
            expected += x.getDouble(i, j);
          }
          assertThat(sums.getDouble(j)).as("%s column %d", dtype, j)
              .isCloseTo(0.5 * expected, org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
    assertThatThrownBy(() -> Matmul.columnSums(Nd4j.zeros(DataType.FLOAT, 4), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrix");
  }

  @Test
  void weightedColumnSums_areTheRowWeightedSums_forDenseMatricesAndViews_andNeedOneWeightPerRow() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray dense = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).castTo(dtype);
      INDArray view = Nd4j.createFromArray(new double[][] {{0, 1, 2, 3}, {0, 4, 5, 6}}).castTo(dtype)
          .get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));   // the same [2, 3], row stride 4
      INDArray w = Nd4j.createFromArray(0.5, -2.0).castTo(dtype);
      for (INDArray x : new INDArray[] {dense, view}) {
        INDArray sums = Matmul.weightedColumnSums(x, w);
        assertThat(sums.shape()).containsExactly(3);
        assertThat(sums.castTo(DataType.DOUBLE).toDoubleVector()).containsExactly(-7.5, -9.0, -10.5);
      }
    }
    assertThatThrownBy(() -> Matmul.weightedColumnSums(Nd4j.zeros(DataType.FLOAT, 2, 3),
        Nd4j.zeros(DataType.FLOAT, 3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one FLOAT weight per row of FLOAT[2, 3]");
  }

  @Test
  void addProduct_accumulatesIntoDenseOutputsAndViews_scaledOrNot_andRejectsAnotherShape() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray a = Nd4j.linspace(dtype, -1, 0.1, 21).reshape(7, 3);           // used transposed: [3, 7]
      INDArray b = Nd4j.linspace(dtype, 2, -0.05, 35).reshape(7, 5);
      INDArray start = Nd4j.linspace(dtype, -4, 0.5, 15).reshape(3, 5);
      INDArray expected = reference(a.transpose(), b).castTo(dtype).addi(start);
      INDArray dense = start.dup();
      assertThat(Matmul.addProduct(dense, a, b, true, false)).isSameAs(dense);
      INDArray wide = Nd4j.zeros(dtype, 3, 8);
      INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7)).assign(start);   // a column block
      Matmul.addProduct(view, a, b, true, false);
      for (INDArray out : new INDArray[] {dense, wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7))}) {
        assertThat(out.sub(expected).amaxNumber().doubleValue()).as("%s", dtype).isLessThan(1e-4);
      }
      INDArray scaled = reference(a.transpose(), b).muli(-0.25).castTo(dtype).addi(start);
      for (char order : new char[] {'c', 'f'}) {                               // f-order takes ND4J's path
        INDArray out = start.dup(order);
        assertThat(Matmul.addProduct(out, a, b, true, false, -0.25)).isSameAs(out);
        assertThat(out.sub(scaled).amaxNumber().doubleValue()).as("%s %s", dtype, order).isLessThan(1e-5);
      }
    }
    assertThatThrownBy(() -> Matmul.addProduct(Nd4j.zeros(DataType.FLOAT, 3, 4), Nd4j.zeros(DataType.FLOAT, 3, 2),
        Nd4j.zeros(DataType.FLOAT, 2, 5), false, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 5]").hasMessageContaining("FLOAT[3, 4]");
  }

  @Test
  void rowDots_areEachRowsDotProduct_onOneThreadAndSplit_forDenseMatricesAndViews() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = Nd4j.rand(dtype, 300, 260).subi(0.5);    // 78,000 elements: split with a helper
      INDArray y = Nd4j.rand(dtype, 300, 260).subi(0.5);
      INDArray expected = x.castTo(DataType.DOUBLE).mul(y.castTo(DataType.DOUBLE)).sum(1);
      INDArray whole = Matmul.rowDots(x, y);
      INDArray split;
      try (SecondThread products = SecondThread.open(true)) {
        split = Matmul.rowDots(x, y, products);
      }
      INDArray xs = x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 260));   // column blocks: row stride 260
      INDArray ys = y.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 260));
      assertThat(HostArrays.isDense(xs)).isFalse();
      assertThat(Matmul.onOpenBlas(xs, ys)).as("column blocks go to OpenBLAS").isTrue();
      INDArray view = Matmul.rowDots(xs, ys).castTo(DataType.DOUBLE)
          .addi(x.getColumn(0).castTo(DataType.DOUBLE).mul(y.getColumn(0).castTo(DataType.DOUBLE))).castTo(dtype);
      for (INDArray dots : new INDArray[] {whole, split, view}) {
        assertThat(dots.shape()).containsExactly(300);
        assertThat(dots.dataType()).isEqualTo(dtype);
        assertThat(dots.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
      }
      assertThat(split).isEqualTo(whole);
    }
    assertThatThrownBy(() -> Matmul.rowDots(Nd4j.zeros(DataType.FLOAT, 3, 4), Nd4j.zeros(DataType.FLOAT, 4, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT[3, 4]")
        .hasMessageContaining("FLOAT[4, 3]");
  }

  @Test
  void product_rejectsMismatchedInnerDimensions_withBothShapes() {
    assertThatThrownBy(() -> Matmul.product(Nd4j.zeros(DataType.FLOAT, 3, 4), Nd4j.zeros(DataType.FLOAT, 5, 2),
        false, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT[3, 4]")
        .hasMessageContaining("FLOAT[5, 2]");
  }

  /** The plain triple loop, in double. */
  private static INDArray reference(INDArray a, INDArray b) {
    double[][] out = new double[(int) a.size(0)][(int) b.size(1)];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < out[i].length; j++) {
        for (int k = 0; k < a.size(1); k++) {
          out[i][j] += a.getDouble(i, k) * b.getDouble(k, j);
        }
      }
    }
    return Nd4j.createFromArray(out);
  }
}
