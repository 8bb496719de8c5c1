package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SecondThreadTest {
  /** [m, k, n]: split by columns (n ≥ m), by rows (m > n), with odd sizes and halves that are not multiples of 8. */
  private static final int[][] SHAPES = {{60, 300, 400}, {500, 40, 120}, {301, 33, 299}, {9, 3000, 40}, {400, 100, 30}};

  @Test
  void splitProducts_matchTheWholeProducts_forEveryTransposeAndDtype() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] shape : SHAPES) {
        assertThat(2.0 * shape[0] * shape[1] * shape[2]).isGreaterThanOrEqualTo(SecondThread.MIN_FLOP);
        for (boolean ta : new boolean[] {false, true}) {
          for (boolean tb : new boolean[] {false, true}) {
            INDArray a = Nd4j.rand(dtype, ta ? shape[1] : shape[0], ta ? shape[0] : shape[1]).subi(0.5);
            INDArray b = Nd4j.rand(dtype, tb ? shape[2] : shape[1], tb ? shape[1] : shape[2]).subi(0.5);
            INDArray whole = Matmul.product(a, b, ta, tb);
            INDArray split;
            try (SecondThread products = SecondThread.open(true)) {
              assertThat(products.available()).isTrue();
              split = Matmul.product(a, b, ta, tb, products);
            }
            // OpenBLAS picks its kernel by shape, so a block may round differently from the whole product.
            double tolerance = dtype == DataType.FLOAT ? 1e-3 : 1e-10;
            assertThat(split.shape()).containsExactly(whole.shape());
            assertThat(split.sub(whole).amaxNumber().doubleValue())
                .as("%s %s ta=%s tb=%s", dtype, java.util.Arrays.toString(shape), ta, tb).isLessThan(tolerance);
            try (SecondThread products = SecondThread.open(true)) {
              assertThat(Matmul.product(a, b, ta, tb, products)).as("the same split twice").isEqualTo(split);
            }
          }
        }
      }
    }
  }

  @Test
  void halves_coverTheRangeOnce_withAHelper_andInOneCallWithoutOneOrBelowTheMinimum() {
    for (boolean helper : new boolean[] {false, true}) {
      for (int count : new int[] {0, 1, 7, 100, 101}) {
        int[] hits = new int[count];
        java.util.List<int[]> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (SecondThread scope = SecondThread.open(helper)) {
          scope.halves(count, 10, (from, to) -> {
            calls.add(new int[] {from, to});
            for (int i = from; i < to; i++) {
              hits[i]++;
            }
          });
        }
        assertThat(hits).as("helper=%s count=%d", helper, count).containsOnly(count == 0 ? new int[0] : new int[] {1});
        assertThat(calls).hasSize(helper && count >= 10 ? 2 : 1);
      }
    }
  }

  @Test
  void aClosedHelper_orAnotherThread_runsEverythingOnTheCaller_andAFailingBlockIsRethrownOnTheCaller() throws Exception {
    SecondThread helper = SecondThread.open(true);
    int[] calls = new int[1];
    Thread other = new Thread(() -> helper.halves(100, 10, (from, to) -> calls[0]++));
    other.start();
    other.join();
    assertThat(calls[0]).as("used from another thread: one call").isEqualTo(1);
    assertThatThrownBy(() -> helper.run(() -> { }, () -> {
      throw new IllegalArgumentException("block failed");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("block failed");
    // The helper keeps serving after a failure, and a nested split runs on the calling thread.
    int[] ran = new int[4];
    helper.run(() -> {
      ran[0]++;
      helper.halves(100, 10, (from, to) -> ran[2] += to - from);
    }, () -> ran[1]++);
    assertThat(ran).containsExactly(1, 1, 100, 0);
    helper.close();
    assertThat(helper.available()).isFalse();
    helper.halves(100, 10, (from, to) -> calls[0]++);
    assertThat(calls[0]).as("closed: one more call").isEqualTo(2);
    assertThat(SecondThread.none().available()).isFalse();
  }
}
