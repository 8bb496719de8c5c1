package org.dpcgan.eval.internal.utility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucTest {
  @Test
  void handCase() {
    // Positives score 0.35 and 0.8, negatives 0.1 and 0.4. Of the 4 (positive, negative) pairs, the positive
    // ranks higher in 3: (0.35,0.1), (0.8,0.1), (0.8,0.4). AUC = 3/4.
    double auc = Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
    assertThat(auc).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void tiesCountHalf() {
    // One pair, tied: counts 1/2.
    assertThat(Auc.of(new double[] {0.5, 0.5}, new boolean[] {true, false})).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void oneClassOnly_isUndefined() {
    assertThat(Auc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
  }

  @Test
  void nanScore_isRejected() {
    assertThatThrownBy(() -> Auc.of(new double[] {Double.NaN}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void macroF1_andAccuracy_handCase() {
    // truth a,a,b,b; predicted a,b,b,b. accuracy 3/4.
    // class a: TP 1, FP 0, FN 1 → F1 = 2/(2+0+1) = 2/3; class b: TP 2, FP 1, FN 0 → 4/5. macro = 11/15.
    String[] truth = {"a", "a", "b", "b"};
    String[] predicted = {"a", "b", "b", "b"};
    assertThat(UtilityEvaluator.accuracy(truth, predicted)).isCloseTo(0.75, within(1e-12));
    assertThat(UtilityEvaluator.macroF1(truth, predicted)).isCloseTo(11.0 / 15.0, within(1e-12));
    assertThat(UtilityEvaluator.classF1(truth, predicted, "a")).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(UtilityEvaluator.classF1(truth, predicted, "b")).isCloseTo(4.0 / 5.0, within(1e-12));
  }

  @Test
  void r2_handCase() {
    // truth 1,2,3 (mean 2, SS_tot 2); predicted 1,2,4: SS_res 1. R² = 1 − 1/2 = 0.5.
    assertThat(UtilityEvaluator.r2(new double[] {1, 2, 3}, new double[] {1, 2, 4})).isCloseTo(0.5, within(1e-12));
  }
}
