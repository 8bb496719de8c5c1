package org.dpcgan.eval.rules;

import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Evaluates bound rules on the rows of one table, in three-valued logic: a comparison with a missing cell is
 * unknown, and a row violates a rule only when the rule is definitely false on it (its condition true, its
 * consequence false), as SQL evaluates a CHECK constraint.
 */
final class RowChecker {
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = 2;

  private final double[][] numbers;
  private final String[][] strings;

  /** Reads the columns of {@code table} in the order of the domains the rules were bound to. */
  RowChecker(Table table, List<ColumnDomain> domains) {
    numbers = new double[domains.size()][];
    strings = new String[domains.size()][];
    for (int j = 0; j < domains.size(); j++) {
      Column<?> c = table.column(domains.get(j).name());
      int n = c.size();
      if (ColumnDomain.isNumeric(c)) {
        NumericColumn<?> nc = (NumericColumn<?>) c;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.isMissing(i) ? Double.NaN : nc.getDouble(i);
        }
        numbers[j] = v;
      } else {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.isMissing(i) ? null : c.getUnformattedString(i);
        }
        strings[j] = v;
      }
    }
  }

  /** Whether {@code row} violates the rule. */
  boolean violates(BoundClause.BoundRule rule, int row) {
    return all(rule.when(), row) == TRUE && all(rule.then(), row) == FALSE;
  }

  private int all(List<BoundClause> clauses, int row) {
    int result = TRUE;
    for (BoundClause c : clauses) {
      int v = eval(c, row);
      if (v == FALSE) {
        return FALSE;
      }
      if (v == UNKNOWN) {
        result = UNKNOWN;
      }
    }
    return result;
  }

  private int eval(BoundClause c, int row) {
    if (c.numeric) {
      double a = numbers[c.left][row];
      if (Double.isNaN(a)) {
        return UNKNOWN;
      }
      if (c.numbers != null) {
        boolean in = false;
        for (double x : c.numbers) {
          in |= a == x;
        }
        return truth(in == (c.op == Op.IN));
      }
      double b = c.right >= 0 ? numbers[c.right][row] : c.number;
      return Double.isNaN(b) ? UNKNOWN : truth(c.op.test(a, b));
    }
    String a = strings[c.left][row];
    if (a == null) {
      return UNKNOWN;
    }
    if (c.levels != null) {
      return truth(c.levels.contains(a) == (c.op == Op.IN));
    }
    String b = c.right >= 0 ? strings[c.right][row] : c.level;
    return b == null ? UNKNOWN : truth(a.equals(b) == (c.op == Op.EQ));
  }

  private static int truth(boolean b) {
    return b ? TRUE : FALSE;
  }
}
