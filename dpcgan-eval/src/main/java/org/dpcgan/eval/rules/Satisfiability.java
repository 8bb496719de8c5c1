package org.dpcgan.eval.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dpcgan.eval.EvalColumnKind;

/**
 * A sound but incomplete check that a rule set can hold: constraint propagation over each column's set of
 * still-possible values, starting from the declared domains. A rule whose condition certainly holds narrows the
 * columns of its consequence; a rule whose consequence certainly fails narrows the one undecided column of its
 * condition to the values that make it false. When a column is left without any value, or a rule can certainly
 * not hold, the rule set is refused, naming the rules that led there.
 *
 * <p>Never refuses a rule set that some row without missing values, within the domains, satisfies. It may accept
 * one that no such row satisfies: it does not split cases (a contradiction that needs "either a or b" reasoning
 * goes unnoticed), it narrows only through comparisons with a constant (a comparison of two columns is only
 * checked against their current bounds), and it treats numeric columns as real-valued (integers are not
 * assumed).
 */
final class Satisfiability {
  private final List<ColumnDomain> domains;
  private final NumericSet[] numeric;
  private final Set<String>[] levels;
  private final Set<Integer>[] reasons;
  private final List<BoundClause.BoundRule> rules;
  private final String file;

  @SuppressWarnings("unchecked")
  private Satisfiability(List<BoundClause.BoundRule> rules, List<ColumnDomain> domains, String file) {
    this.rules = rules;
    this.domains = domains;
    this.file = file;
    int m = domains.size();
    numeric = new NumericSet[m];
    levels = new Set[m];
    reasons = new Set[m];
    for (int j = 0; j < m; j++) {
      ColumnDomain d = domains.get(j);
      if (d.kind() == EvalColumnKind.NUMERIC) {
        numeric[j] = NumericSet.range(d.min(), d.max());
      } else {
        levels[j] = new LinkedHashSet<>(d.levels());
      }
      reasons[j] = new TreeSet<>();
    }
  }

  /** Throws a {@link RuleException} when the rules certainly cannot all hold on the domains. */
  static void check(List<BoundClause.BoundRule> rules, List<ColumnDomain> domains, String file) {
    new Satisfiability(rules, domains, file).run();
  }

  private void run() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (BoundClause.BoundRule r : rules) {
        if (r.when().stream().anyMatch(c -> status(c) == Status.FALSE)) {
          continue; // the condition cannot hold: the rule asks nothing
        }
        List<BoundClause> undecided = r.when().stream().filter(c -> status(c) != Status.TRUE).toList();
        if (undecided.isEmpty()) {
          for (BoundClause c : r.then()) {
            if (c.right >= 0) {
              if (status(c) == Status.FALSE) {
                throw cannotHold(r, c);
              }
            } else {
              changed |= narrow(c, false, r);
            }
          }
        } else if (undecided.size() == 1 && undecided.get(0).right < 0) {
          BoundClause culprit = r.then().stream().filter(c -> status(c) == Status.FALSE).findFirst().orElse(null);
          if (culprit != null) {
            reasons[undecided.get(0).left].addAll(reasons[culprit.left]);
            if (culprit.right >= 0) {
              reasons[undecided.get(0).left].addAll(reasons[culprit.right]);
            }
            changed |= narrow(undecided.get(0), true, r);
          }
        }
      }
    }
  }

  private enum Status {
    TRUE,
    FALSE,
    UNDECIDED
  }

  /** Whether the clause holds for every, no, or some of the values still possible. */
  private Status status(BoundClause c) {
    if (c.right < 0) {
      if (c.numeric) {
        NumericSet s = satisfying(c);
        return numeric[c.left].within(s) ? Status.TRUE
            : numeric[c.left].intersect(s).isEmpty() ? Status.FALSE : Status.UNDECIDED;
      }
      Set<String> s = satisfyingLevels(c);
      return s.containsAll(levels[c.left]) ? Status.TRUE
          : levels[c.left].stream().noneMatch(s::contains) ? Status.FALSE : Status.UNDECIDED;
    }
    if (c.numeric) {
      NumericSet a = numeric[c.left];
      NumericSet b = numeric[c.right];
      return switch (c.op) {
        case LT -> a.sup() < b.inf() ? Status.TRUE : a.inf() >= b.sup() ? Status.FALSE : Status.UNDECIDED;
        case LE -> a.sup() <= b.inf() ? Status.TRUE : a.inf() > b.sup() ? Status.FALSE : Status.UNDECIDED;
        case GT -> a.inf() > b.sup() ? Status.TRUE : a.sup() <= b.inf() ? Status.FALSE : Status.UNDECIDED;
        case GE -> a.inf() >= b.sup() ? Status.TRUE : a.sup() < b.inf() ? Status.FALSE : Status.UNDECIDED;
        case EQ -> a.intersect(b).isEmpty() ? Status.FALSE : Status.UNDECIDED;
        case NE -> a.intersect(b).isEmpty() ? Status.TRUE : Status.UNDECIDED;
        case IN, NOT_IN -> Status.UNDECIDED;
      };
    }
    boolean disjoint = levels[c.left].stream().noneMatch(levels[c.right]::contains);
    if (disjoint) {
      return c.op == Op.EQ ? Status.FALSE : Status.TRUE;
    }
    return Status.UNDECIDED;
  }

  /** Intersects the clause's column with the values that make it true (or false); true if that changed it. */
  private boolean narrow(BoundClause c, boolean negate, BoundClause.BoundRule r) {
    int j = c.left;
    boolean changed;
    if (c.numeric) {
      NumericSet s = satisfying(c);
      NumericSet next = numeric[j].intersect(negate ? s.complement() : s);
      changed = !next.equals(numeric[j]);
      numeric[j] = next;
    } else {
      Set<String> s = satisfyingLevels(c);
      Set<String> next = new LinkedHashSet<>(levels[j]);
      if (negate) {
        next.removeAll(s);
      } else {
        next.retainAll(s);
      }
      changed = !next.equals(levels[j]);
      levels[j] = next;
    }
    if (changed) {
      reasons[j].add(r.rule().line());
      for (BoundClause w : r.when()) {
        reasons[j].addAll(reasons[w.left]);
      }
    }
    if (c.numeric ? numeric[j].isEmpty() : levels[j].isEmpty()) {
      throw noValue(j);
    }
    return changed;
  }

  private NumericSet satisfying(BoundClause c) {
    return switch (c.op) {
      case IN -> NumericSet.points(c.numbers);
      case NOT_IN -> NumericSet.points(c.numbers).complement();
      default -> NumericSet.compare(c.op, c.number);
    };
  }

  private Set<String> satisfyingLevels(BoundClause c) {
    Set<String> out = new LinkedHashSet<>();
    for (String level : levels[c.left]) {
      boolean match = c.levels != null ? c.levels.contains(level) : level.equals(c.level);
      if (match == (c.op == Op.IN || c.op == Op.EQ)) {
        out.add(level);
      }
    }
    return out;
  }

  private RuleException noValue(int j) {
    ColumnDomain d = domains.get(j);
    String declared = d.kind() == EvalColumnKind.NUMERIC
        ? (Double.isInfinite(d.min()) && Double.isInfinite(d.max()) ? "" : " in its declared range [" + d.min()
            + ", " + d.max() + "]")
        : " among its levels";
    return new RuleException(
        "the rules cannot all hold: no value of '" + d.name() + "'" + declared + " satisfies the rules on "
            + lines(reasons[j]), file, 0, 0);
  }

  private RuleException cannotHold(BoundClause.BoundRule r, BoundClause c) {
    Set<Integer> involved = new TreeSet<>(reasons[c.left]);
    involved.addAll(reasons[c.right]);
    involved.add(r.rule().line());
    return new RuleException(
        "the rules cannot all hold: '" + domains.get(c.left).name() + " " + c.op.symbol + " "
            + domains.get(c.right).name() + "' is false for every value left by the rules on " + lines(involved),
        file, r.rule().line(), 0);
  }

  /** "lines 1, 2 (`age < 10`; `age > 20`)". */
  private String lines(Set<Integer> lines) {
    List<String> numbers = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int l : lines) {
      numbers.add(Integer.toString(l));
      texts.add("`" + texts(l) + "`");
    }
    return (lines.size() == 1 ? "line " : "lines ") + String.join(", ", numbers) + " (" + String.join("; ", texts)
        + ")";
  }

  private String texts(int line) {
    return rules.stream().filter(r -> r.rule().line() == line).map(r -> r.rule().text()).findFirst().orElse("?");
  }
}
