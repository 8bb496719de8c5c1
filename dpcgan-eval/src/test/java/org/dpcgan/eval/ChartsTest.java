package org.dpcgan.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Estimate;
import org.dpcgan.eval.analysis.ModelFamily;
import org.dpcgan.eval.analysis.TermComparison;
import org.junit.jupiter.api.Test;

class ChartsTest {
  /**
   * XChart 3.8 searches for y-axis ticks until their labels are distinct, forever if they cannot be; the forest
   * plot is laid out so that the search ends at once (see {@link Charts#forest}). Any term count, a term that is
   * not estimable on the synthetic side, and two long names that truncate alike must all draw promptly.
   */
  @Test
  void forest_anyTermCount_drawsPromptly() {
    for (int n : new int[] {1, 2, 7, 40}) {
      AnalysisComparison a = analysis(n);
      String png = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Charts.forest(a), "forest plot, " + n + " terms");
      assertThat(height(png)).isEqualTo(150 + 34 * n);
    }
  }

  private static int height(String base64) {
    try {
      return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64))).getHeight();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static AnalysisComparison analysis(int n) {
    List<TermComparison> terms = new ArrayList<>();
    terms.add(TermComparison.of("(Intercept)", Estimate.wald(1, 0.1), Estimate.wald(1.1, 0.1)));
    for (int k = 0; k < n; k++) {
      String name = k < 2 ? "native-country=a-very-long-level-name-that-is-cut-" + k : "x" + k;
      Estimate real = Estimate.wald(0.1 * k - 1, 0.2 + 0.01 * k);
      terms.add(k == 1
          ? TermComparison.notEstimable(name, real, "constant in the synthetic rows")
          : TermComparison.of(name, real, Estimate.wald(0.1 * k - 0.8, 0.25)));
    }
    return new AnalysisComparison("y ~ x", ModelFamily.LINEAR, "y", null, Map.of(), 100, 100, 0, 0, terms);
  }
}
