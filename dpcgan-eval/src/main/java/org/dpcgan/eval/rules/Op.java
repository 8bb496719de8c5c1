package org.dpcgan.eval.rules;

/** A comparison in a clause. */
enum Op {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  IN("in"),
  NOT_IN("not in");

  final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** Whether this is an ordering (meaningful for numbers only). */
  boolean ordering() {
    return this == LT || this == LE || this == GT || this == GE;
  }

  /** Whether {@code a op b} holds for numbers. */
  boolean test(double a, double b) {
    return switch (this) {
      case EQ -> a == b;
      case NE -> a != b;
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      case IN, NOT_IN -> throw new IllegalStateException("set membership is not a binary comparison");
    };
  }
}
