package org.dpcgan.eval.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpcgan.eval.EvalColumnKind;

/**
 * A clause resolved against column domains: its left column, and on the right another column, a literal
 * (number or level) or a set of literals, each checked against the columns' kinds (and, when asked, levels).
 */
final class BoundClause {
  final Clause source;
  final Op op;
  final int left;
  final boolean numeric;
  /** The right-hand column, or −1. */
  final int right;
  final double number;
  final String level;
  final double[] numbers;
  final Set<String> levels;

  private BoundClause(
      Clause source, int left, boolean numeric, int right, double number, String level, double[] numbers,
      Set<String> levels) {
    this.source = source;
    this.op = source.op();
    this.left = left;
    this.numeric = numeric;
    this.right = right;
    this.number = number;
    this.level = level;
    this.numbers = numbers;
    this.levels = levels;
  }

  /** A rule whose clauses are bound. */
  record BoundRule(Rule rule, List<BoundClause> when, List<BoundClause> then) {}

  /** Binds every rule; {@code strictLevels} also requires each level to be one of the domain's levels. */
  static List<BoundRule> bind(List<Rule> rules, List<ColumnDomain> domains, boolean strictLevels, String file) {
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < domains.size(); j++) {
      index.put(domains.get(j).name(), j);
    }
    List<BoundRule> out = new ArrayList<>();
    for (Rule r : rules) {
      Binder b = new Binder(r, domains, index, strictLevels, file);
      out.add(new BoundRule(r, b.all(r.when()), b.all(r.then())));
    }
    return out;
  }

  private static final class Binder {
    private final Rule rule;
    private final List<ColumnDomain> domains;
    private final Map<String, Integer> index;
    private final boolean strictLevels;
    private final String file;

    Binder(Rule rule, List<ColumnDomain> domains, Map<String, Integer> index, boolean strictLevels, String file) {
      this.rule = rule;
      this.domains = domains;
      this.index = index;
      this.strictLevels = strictLevels;
      this.file = file;
    }

    List<BoundClause> all(List<Clause> clauses) {
      List<BoundClause> out = new ArrayList<>();
      for (Clause c : clauses) {
        out.add(bind(c));
      }
      return out;
    }

    private BoundClause bind(Clause c) {
      Integer left = index.get(c.left().text());
      if (left == null) {
        throw error("unknown column '" + c.left().text() + "'; columns are: " + names(), c.left().column());
      }
      ColumnDomain d = domains.get(left);
      boolean numeric = d.kind() == EvalColumnKind.NUMERIC;
      if (!numeric && c.op().ordering()) {
        throw error("column '" + d.name() + "' is categorical; '" + c.op().symbol + "' compares numbers (use =, != or"
            + " in {…})", c.left().column());
      }
      if (c.right() == null) {
        if (numeric) {
          double[] values = new double[c.values().size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = number(d, c.values().get(i), true);
          }
          return new BoundClause(c, left, true, -1, Double.NaN, null, values, null);
        }
        Set<String> set = new LinkedHashSet<>();
        for (Operand v : c.values()) {
          set.add(level(d, v));
        }
        return new BoundClause(c, left, false, -1, Double.NaN, null, null, set);
      }
      Operand r = c.right();
      Integer right = r.form() == Operand.Form.QUOTED ? null : index.get(r.text());
      if (r.form() == Operand.Form.BACKQUOTED && right == null) {
        throw error("unknown column '" + r.text() + "'; columns are: " + names(), r.column());
      }
      if (right != null) {
        ColumnDomain e = domains.get(right);
        if (e.kind() != d.kind()) {
          throw error("'" + d.name() + "' is " + kind(d) + " but '" + e.name() + "' is " + kind(e)
              + "; a comparison needs two columns of the same kind", r.column());
        }
        return new BoundClause(c, left, numeric, right, Double.NaN, null, null, null);
      }
      return numeric
          ? new BoundClause(c, left, true, -1, number(d, r, false), null, null, null)
          : new BoundClause(c, left, false, -1, Double.NaN, level(d, r), null, null);
    }

    private double number(ColumnDomain d, Operand v, boolean inSet) {
      double x;
      try {
        x = Double.parseDouble(v.text());
      } catch (NumberFormatException e) {
        x = Double.NaN;
      }
      if (!Double.isFinite(x) || v.text().isBlank()) {
        throw error("column '" + d.name() + "' is numeric, and " + v.display() + " is not a finite number"
            + (inSet || v.form() == Operand.Form.QUOTED ? "" : " nor a column"), v.column());
      }
      return x;
    }

    private String level(ColumnDomain d, Operand v) {
      if (strictLevels && !d.levels().contains(v.text())) {
        throw error("level " + v.display() + " does not occur in column '" + d.name() + "'"
            + (d.levels().isEmpty() ? ", which has no values" : "; its levels are: " + abbreviate(d.levels())),
            v.column());
      }
      return v.text();
    }

    private String names() {
      List<String> names = new ArrayList<>();
      domains.forEach(d -> names.add(d.name()));
      return String.join(", ", names);
    }

    private static String kind(ColumnDomain d) {
      return d.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(List<String> levels) {
      return levels.size() <= 30
          ? String.join(", ", levels)
          : String.join(", ", levels.subList(0, 30)) + ", … (" + levels.size() + " in all)";
    }

    private RuleException error(String what, int column) {
      return new RuleException("rule `" + rule.text() + "`: " + what, file, rule.line(), column);
    }
  }
}
