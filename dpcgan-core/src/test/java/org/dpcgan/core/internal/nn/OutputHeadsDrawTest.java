package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.dpcgan.core.internal.nn.OutputHeads.Activation;
import org.dpcgan.core.internal.nn.OutputHeads.Span;
import org.dpcgan.core.internal.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link OutputHeads#draw}, the sampling path: tanh spans, and one-hot draws from each span's softmax. */
class OutputHeadsDrawTest {
  private static final OutputHeads HEADS = new OutputHeads(
      List.of(new Span(1, Activation.TANH), new Span(3, Activation.GUMBEL_SOFTMAX), new Span(2, Activation.TANH),
          new Span(2, Activation.GUMBEL_SOFTMAX)), OutputHeads.DEFAULT_TAU, false);

  /** One logit row: 0.3 | log 1, log 2, log 3 | −1, 2 | 0, 0. */
  private static final double[] ROW = {0.3, Math.log(1), Math.log(2), Math.log(3), -1, 2, 0, 0};

  /** {@code rows} copies of {@link #ROW}. */
  private static INDArray logits(int rows, DataType dtype) {
    return copies(ROW, rows).castTo(dtype);
  }

  private static INDArray copies(double[] row, int rows) {
    double[] all = new double[rows * row.length];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(row, 0, all, r * row.length, row.length);
    }
    return Nd4j.createFromArray(all).reshape(rows, row.length);
  }

  @Test
  void categoricalSpans_drawFromTheSoftmaxOfTheLogits_asOneHots() {
    assertSoftmaxFrequencies(logits(60_000, DataType.FLOAT));
  }

  @Test
  void aSpanFarBelowItsRowsMaximum_stillDrawsFromItsOwnSoftmax() {
    // Both spans shifted apart by 300: relative to the row's maximum the first span's weights vanish in float.
    double[] row = ROW.clone();
    for (int j = 1; j <= 3; j++) {
      row[j] -= 200;
    }
    row[6] += 100;
    row[7] += 100;
    assertSoftmaxFrequencies(copies(row, 60_000).castTo(DataType.FLOAT));
  }

  /** Draws from {@code x} and checks the frequencies against softmax(log 1, log 2, log 3) and softmax(0, 0). */
  private static void assertSoftmaxFrequencies(INDArray x) {
    int rows = (int) x.size(0);
    double[] y = HEADS.draw(x, RandomStreams.of(3).stream("draw")).data().asDouble();
    int[] first = new int[3];
    int[] second = new int[2];
    for (int r = 0; r < rows; r++) {
      int base = r * 8;
      assertThat(y[base + 1] + y[base + 2] + y[base + 3]).isEqualTo(1.0);
      assertThat(y[base + 6] + y[base + 7]).isEqualTo(1.0);
      for (int k = 0; k < 3; k++) {
        first[k] += (int) y[base + 1 + k];
      }
      for (int k = 0; k < 2; k++) {
        second[k] += (int) y[base + 6 + k];
      }
    }
    // softmax(log 1, log 2, log 3) = 1/6, 2/6, 3/6; softmax(0, 0) = 1/2, 1/2; 4.5 standard errors at most.
    double[] p = {1.0 / 6, 2.0 / 6, 3.0 / 6};
    for (int k = 0; k < 3; k++) {
      double se = Math.sqrt(p[k] * (1 - p[k]) / rows);
      assertThat(first[k] / (double) rows).as("category %d", k).isCloseTo(p[k], offset(4.5 * se));
    }
    assertThat(second[0] / (double) rows).isCloseTo(0.5, offset(4.5 * Math.sqrt(0.25 / rows)));
  }

  @Test
  void scalarSpans_areTheTanhOfTheLogits_inTheInputsDtype() {
    INDArray y = HEADS.draw(logits(4, DataType.DOUBLE), RandomStreams.of(3).stream("draw"));
    assertThat(y.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(y.shape()).containsExactly(4, 8);
    for (int r = 0; r < 4; r++) {
      assertThat(y.getDouble(r, 0)).isCloseTo(Math.tanh(0.3), offset(1e-6));
      assertThat(y.getDouble(r, 4)).isCloseTo(Math.tanh(-1), offset(1e-6));
      assertThat(y.getDouble(r, 5)).isCloseTo(Math.tanh(2), offset(1e-6));
    }
  }

  @Test
  void aVeryLikelyCategory_isAlmostAlwaysDrawn_andTheSameStreamDrawsTheSame() {
    INDArray x = Nd4j.createFromArray(new float[] {0, -30, 30, 0, 0, 0, 0, 0}).reshape(1, 8).repeat(0, 200);
    INDArray a = HEADS.draw(x, RandomStreams.of(9).stream("draw"));
    INDArray b = HEADS.draw(x, RandomStreams.of(9).stream("draw"));
    assertThat(a.data().asFloat()).isEqualTo(b.data().asFloat());
    assertThat(a.getColumn(2).sumNumber().intValue()).isEqualTo(200);   // logit 30 against −30 and 0
  }

  @Test
  void nonFiniteLogits_drawTheLargestFiniteOrInfiniteLogit_onTheHostRowsAsOnArrays() {
    float inf = Float.POSITIVE_INFINITY;
    float[] rows = {0, 1, inf, 0, 0, 0, -1, 3,     // +∞ in the first categorical span: category 1 (logit ∞)
        0, 1, Float.NaN, 5, 0, 0, 0, 0};            // NaN beside 1 and 5: category 2 (logit 5)
    float[] y = HEADS.draw(rows, 2, RandomStreams.of(4).stream("draw"));
    assertThat(new float[] {y[1], y[2], y[3], y[9], y[10], y[11]}).containsExactly(0, 1, 0, 0, 0, 1);
    assertThat(new float[] {y[6], y[7]}).as("a finite span beside them still draws a one-hot")
        .satisfiesAnyOf(v -> assertThat(v).containsExactly(1, 0), v -> assertThat(v).containsExactly(0, 1));
    assertThat(HEADS.draw(Nd4j.createFromArray(rows).reshape(2, 8), RandomStreams.of(4).stream("draw")).data()
        .asFloat()).containsExactly(y);
    assertThatThrownBy(() -> HEADS.draw(new float[15], 2, RandomStreams.of(4).stream("draw")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows >= 1 of width 8 (16 values)")
        .hasMessageContaining("Provided: rows=2, 15 values");
  }

  @Test
  void categoricalSpans_withoutAStream_areRejected_andAWrongWidthNamesTheLayer() {
    assertThatThrownBy(() -> HEADS.draw(logits(2, DataType.FLOAT), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need a RandomStream");
    assertThatThrownBy(() -> HEADS.draw(Nd4j.zeros(DataType.FLOAT, 2, 7), RandomStreams.of(1).stream("d")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
  }
}
