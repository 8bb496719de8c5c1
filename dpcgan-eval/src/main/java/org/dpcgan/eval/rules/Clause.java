package org.dpcgan.eval.rules;

import java.util.List;

/**
 * One comparison as parsed, before its operands are resolved against a table: {@code left op right}, or
 * {@code left [not] in {values}}.
 *
 * @param left the left operand (must turn out to be a column)
 * @param op the comparison
 * @param right the right operand, or {@code null} for set membership
 * @param values the set's values for {@code in} / {@code not in}, else empty
 */
record Clause(Operand left, Op op, Operand right, List<Operand> values) {
  Clause {
    values = List.copyOf(values);
  }
}
