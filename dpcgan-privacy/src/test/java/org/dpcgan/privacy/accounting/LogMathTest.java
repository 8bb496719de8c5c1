package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class LogMathTest {

  @Test
  void logErfc_matchesCommonsMathWhereErfcIsRepresentable() {
    // Commons Math 3.6.1 Erf.erfc (regularised incomplete gamma, accuracy about 1e-15 relative).
    for (double x = -6; x <= 26; x += 0.01) {
      double expected = Math.log(Erf.erfc(x));
      assertThat(LogMath.logErfc(x)).as("x=%s", x).isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void logErfc_followsTheAsymptoticSeriesInTheFarTail() {
    // erfc(x) = e^{−x²}/(x√π)·(1 − 1/(2x²) + 3/(2x²)² − 15/(2x²)³ + 105/(2x²)⁴ − …), Abramowitz–Stegun 7.1.23;
    // truncation error below 1e-14 for x ≥ 30.
    for (double x : new double[] {30, 100, 1e3, 1e5}) {
      double t = 1 / (2 * x * x);
      double series = 1 - t * (1 - t * (3 - t * (15 - t * 105)));
      double expected = -x * x - Math.log(x) - 0.5 * Math.log(Math.PI) + Math.log(series);
      assertThat(LogMath.logErfc(x)).isCloseTo(expected, within(1e-14 * Math.abs(expected)));
    }
    assertThat(LogMath.logErfc(-1e5)).isCloseTo(Math.log(2), within(1e-15));
  }

  @Test
  void logAddAndLogSub_areInverse() {
    assertThat(LogMath.logAdd(Math.log(3), Math.log(4))).isCloseTo(Math.log(7), within(1e-15));
    assertThat(LogMath.logSub(Math.log(7), Math.log(4))).isCloseTo(Math.log(3), within(1e-15));
    assertThat(LogMath.logSub(1000, 999)).isCloseTo(1000 + Math.log1p(-Math.exp(-1)), within(1e-12));
    assertThat(LogMath.logAdd(Double.NEGATIVE_INFINITY, 2)).isEqualTo(2);
    assertThat(LogMath.logSub(5, 5)).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
