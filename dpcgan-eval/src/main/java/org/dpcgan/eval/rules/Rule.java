package org.dpcgan.eval.rules;

import java.util.List;

/**
 * One rule of a {@link Rules} set: {@code condition => condition}, or a condition that must always hold. Each
 * condition is one or more comparisons joined by {@code and}.
 */
public final class Rule {
  private final int line;
  private final String text;
  private final List<Clause> when;
  private final List<Clause> then;

  Rule(int line, String text, List<Clause> when, List<Clause> then) {
    this.line = line;
    this.text = text;
    this.when = List.copyOf(when);
    this.then = List.copyOf(then);
  }

  /** The 1-based line it was read from. */
  public int line() {
    return line;
  }

  /** The rule as written, without comment and surrounding space. */
  public String text() {
    return text;
  }

  /** Whether it has a condition ({@code ... => ...}). */
  public boolean conditional() {
    return !when.isEmpty();
  }

  List<Clause> when() {
    return when;
  }

  List<Clause> then() {
    return then;
  }

  @Override
  public String toString() {
    return text;
  }
}
