package org.dpcgan.eval.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumericSetTest {
  @Test
  void compare_complement_intersect_byHand() {
    NumericSet lt10 = NumericSet.compare(Op.LT, 10);
    assertThat(lt10.toString()).isEqualTo("(−∞, 10)");
    assertThat(lt10.complement().toString()).isEqualTo("[10, ∞)");
    assertThat(NumericSet.compare(Op.NE, 3).toString()).isEqualTo("(−∞, 3) ∪ (3, ∞)");
    assertThat(NumericSet.compare(Op.NE, 3).complement()).isEqualTo(NumericSet.compare(Op.EQ, 3));
    assertThat(lt10.intersect(NumericSet.compare(Op.GE, 10)).isEmpty()).isTrue();
    assertThat(NumericSet.compare(Op.LE, 10).intersect(NumericSet.compare(Op.GE, 10))).isEqualTo(NumericSet.compare(Op.EQ, 10));
    assertThat(NumericSet.range(17, 90).intersect(NumericSet.points(new double[] {3, 20, 95})).toString()).isEqualTo("{20}");
  }

  @Test
  void within_andUnion_mergeTouchingIntervals() {
    NumericSet a = NumericSet.compare(Op.LT, 0).union(NumericSet.compare(Op.GE, 0));
    assertThat(a).isEqualTo(NumericSet.all());
    assertThat(NumericSet.range(1, 2).within(NumericSet.compare(Op.GT, 0))).isTrue();
    assertThat(NumericSet.range(0, 2).within(NumericSet.compare(Op.GT, 0))).isFalse();
    assertThat(NumericSet.all().complement().isEmpty()).isTrue();
  }
}
