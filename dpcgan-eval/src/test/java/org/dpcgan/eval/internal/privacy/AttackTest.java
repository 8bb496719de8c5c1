package org.dpcgan.eval.internal.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dpcgan.eval.TinyTables;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The attacks' building blocks on hand-made tables. */
class AttackTest {
  @Test
  void isolate_addsColumnsUntilTheRowIsUnique() {
    // Synthetic rows (x, c): (1,A), (1,B), (2,A). Row 0 with column order [x, c]: x=1 matches rows 0 and 1;
    // adding c=A leaves row 0 alone, so the predicate has two conditions. With order [c, x]: c=A matches
    // rows 0 and 2, then x=1 isolates row 0. Row 2 with order [x, c] is unique on x alone.
    Table syn = TinyTables.xc(new double[] {1, 1, 2}, new String[] {"A", "B", "A"});
    EncodedTables t = EncodedTables.encode(syn, syn, null, Map.of());
    double[] exact = {0.0, 0.0};
    assertThat(SinglingOutAttack.isolate(t.synthetic(), 0, new int[] {0, 1}, exact)).hasSize(2);
    assertThat(SinglingOutAttack.isolate(t.synthetic(), 0, new int[] {1, 0}, exact)).hasSize(2);
    assertThat(SinglingOutAttack.isolate(t.synthetic(), 2, new int[] {0, 1}, exact)).hasSize(1);
  }

  @Test
  void isolate_duplicateRow_cannotBeIsolated() {
    Table syn = TinyTables.xc(new double[] {1, 1}, new String[] {"A", "A"});
    EncodedTables t = EncodedTables.encode(syn, syn, null, Map.of());
    assertThat(SinglingOutAttack.isolate(t.synthetic(), 0, new int[] {0, 1}, new double[2])).isNull();
  }

  @Test
  void numericCondition_usesTheTolerance() {
    // Window 1 ± 0.5 matches x = 1.4 but not 1.6; the predicate singles out exactly one of {1.4, 1.6, 3}.
    Table table = TinyTables.xc(new double[] {1.4, 1.6, 3}, new String[] {"A", "A", "A"});
    EncodedTables t = EncodedTables.encode(table, table, null, Map.of());
    Table probe = TinyTables.xc(new double[] {1}, new String[] {"A"});
    EncodedTables p = EncodedTables.encode(probe, probe, null, Map.of());
    var condition = SinglingOutAttack.Condition.of(p.real(), 0, 0, 0.5);
    assertThat(condition.matches(t.real(), 0)).isTrue();
    assertThat(condition.matches(t.real(), 1)).isFalse();
    assertThat(SinglingOutAttack.matchesExactlyOne(t.real(), List.of(condition))).isTrue();
  }

  @Test
  void inference_guessesTheNearestSyntheticRowsSecret() {
    // Known column x, secret c. Training targets: x=0 (secret A), x=10 (secret B). Synthetic rows:
    // (1, A) and (9, A). Nearest to x=0 is (1, A): right; nearest to x=10 is (9, A): wrong. Attack 1/2.
    // Holdout targets x=0 and x=10, both with secret B: both guesses are A, so the control rate is 0/2.
    // Risk (1/2 − 0)/(1 − 0) = 1/2.
    Table real = TinyTables.xc(new double[] {0, 10}, new String[] {"A", "B"});
    Table syn = TinyTables.xc(new double[] {1, 9}, new String[] {"A", "A"});
    Table hold = TinyTables.xc(new double[] {0, 10}, new String[] {"B", "B"});
    EncodedTables t = EncodedTables.encode(real, syn, hold, Map.of());
    RiskEstimate r =
        InferenceAttack.run(t, new int[] {0}, 1, 0.0, new int[] {0, 1}, new int[] {0, 1}, new SplittableRandom(1));
    assertThat(r.attackRate()).isEqualTo(0.5);
    assertThat(r.controlRate()).isEqualTo(0.0);
    assertThat(r.risk()).isEqualTo(0.5);
  }

  @Test
  void inference_numericSecret_isRightWithinTolerance() {
    // Secret x with real range [0, 10], tolerance 0.1 → ±1. Guess 4 for truth 4.9: right; for 5.2: wrong.
    Table real = TinyTables.xc(new double[] {0, 10, 4.9, 5.2}, new String[] {"A", "A", "A", "A"});
    EncodedTables t = EncodedTables.encode(real, real, null, Map.of());
    Table guess = TinyTables.xc(new double[] {4}, new String[] {"A"});
    EncodedTables g = EncodedTables.encode(guess, guess, null, Map.of());
    assertThat(InferenceAttack.correct(g.real(), 0, t.real(), 2, 0, 1.0)).isTrue();
    assertThat(InferenceAttack.correct(g.real(), 0, t.real(), 3, 0, 1.0)).isFalse();
  }

  @Test
  void linkability_linksWhenBothHalvesPointToTheSameSyntheticRow() {
    // Columns: x (half A) and c (half B). Training target (5, Q): nearest synthetic on x is row 1 (x=5),
    // on c is row 1 (c=Q): linked. Holdout target (0, Q): nearest on x is row 0 (x=0), on c is row 1: not.
    Table real = TinyTables.xc(new double[] {5, 0, 10}, new String[] {"Q", "P", "R"});
    Table syn = TinyTables.xc(new double[] {0, 5, 10}, new String[] {"P", "Q", "R"});
    Table hold = TinyTables.xc(new double[] {0}, new String[] {"Q"});
    EncodedTables t = EncodedTables.encode(real, syn, hold, Map.of());
    RiskEstimate r =
        LinkabilityAttack.run(
            t, new int[] {0}, new int[] {1}, 1, new int[] {0}, new int[] {0}, new SplittableRandom(1));
    assertThat(r.attackRate()).isEqualTo(1.0);
    assertThat(r.controlRate()).isEqualTo(0.0);
  }
}
