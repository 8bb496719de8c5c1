package org.dpcgan.eval.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * Plausibility rules: declared facts every row should satisfy ("no husband is female", "capital-loss ≤ 4500"),
 * one rule a line. Under differential privacy the rules are public knowledge, declared by the user and never
 * learnt from the data, so checking or enforcing them costs no privacy budget.
 *
 * <pre>
 * rule       := condition [ "=&gt;" condition ]            # without "=&gt;": must always hold
 * condition  := comparison { "and" comparison }
 * comparison := column op operand | column ["not"] "in" "{" value { "," value } "}"
 * op         := "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * operand    := column | value
 * </pre>
 *
 * <p>A column is a bare word (letters, digits, {@code - _ . /} and so on) or {@code `backquoted`}; a value a bare
 * word or {@code "quoted"} (with {@code \"} and {@code \\} escapes), which it must be when it holds a space,
 * comma, brace or other special character. On the right of a comparison a bare word that names a column is that
 * column; quote a value that would read as a column name. {@code #} starts a comment; blank lines are ignored.
 * Ordering ({@code < <= > >=}) needs numeric columns; a comparison of two columns needs two columns of one kind.
 *
 * <p>Semantics: a comparison with a missing cell is unknown, and a row violates a rule only when the rule is
 * definitely false on it (condition true, consequence false), as SQL evaluates a CHECK constraint.
 *
 * <pre>{@code
 * Rules rules = Rules.parse(Path.of("adult.rules"));
 * rules.validate(realTable);                      // columns, kinds, levels, satisfiability
 * List<RuleViolations> v = rules.violations(syntheticTable);
 * Table plausible = rules.filter(syntheticTable);  // rows that break no rule
 * }</pre>
 */
public final class Rules {
  private final List<Rule> rules;
  private final String file;

  private Rules(List<Rule> rules, String file) {
    this.rules = List.copyOf(rules);
    this.file = file;
  }

  /**
   * Parses rules given as text (one a line).
   *
   * @throws RuleException naming the line and column of the first syntax error and what was expected there
   */
  public static Rules parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Rules(RuleParser.parse(text, null), null);
  }

  /**
   * Reads and parses a UTF-8 rules file; messages name the file.
   *
   * @throws RuleException for a syntax error
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Rules parse(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rules file " + file + ": " + e.getMessage(), e);
    }
    return new Rules(RuleParser.parse(text, file.toString()), file.toString());
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Number of rules. */
  public int size() {
    return rules.size();
  }

  /**
   * Checks the rules against declared column domains: every column exists, every comparison fits the kinds,
   * every level is one of the column's levels, and the rules can hold together (a contradiction such as {@code
   * age < 10} and {@code age > 20}, or a rule no value of the declared ranges satisfies, is refused; see
   * docs/evaluation.md for the limits of this check).
   *
   * @throws RuleException saying which rule, where, and what is wrong
   */
  public void validate(List<ColumnDomain> domains) {
    List<BoundClause.BoundRule> bound = BoundClause.bind(rules, List.copyOf(domains), true, file);
    Satisfiability.check(bound, List.copyOf(domains), file);
  }

  /** {@link #validate(List)} against the domains of {@code table} ({@link ColumnDomain#of(Table)}). */
  public void validate(Table table) {
    validate(ColumnDomain.of(table));
  }

  /**
   * Per rule, the rows of {@code table} that violate it. Columns and kinds must fit; a level the table lacks
   * simply matches no row here (levels are checked by {@link #validate}).
   *
   * @throws RuleException for an unknown column or a comparison that does not fit the kinds
   */
  public List<RuleViolations> violations(Table table) {
    List<ColumnDomain> domains = ColumnDomain.of(table);
    List<BoundClause.BoundRule> bound = BoundClause.bind(rules, domains, false, file);
    RowChecker checker = new RowChecker(table, domains);
    List<RuleViolations> out = new ArrayList<>();
    for (BoundClause.BoundRule r : bound) {
      int count = 0;
      for (int i = 0; i < table.rowCount(); i++) {
        if (checker.violates(r, i)) {
          count++;
        }
      }
      out.add(new RuleViolations(r.rule(), count, table.rowCount()));
    }
    return out;
  }

  /** For each row of {@code table}, whether it violates no rule (for reject-and-redraw sampling). */
  public boolean[] satisfied(Table table) {
    List<ColumnDomain> domains = ColumnDomain.of(table);
    List<BoundClause.BoundRule> bound = BoundClause.bind(rules, domains, false, file);
    RowChecker checker = new RowChecker(table, domains);
    boolean[] ok = new boolean[table.rowCount()];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = true;
      for (BoundClause.BoundRule r : bound) {
        if (checker.violates(r, i)) {
          ok[i] = false;
          break;
        }
      }
    }
    return ok;
  }

  /** The rows of {@code table} that violate no rule, in their order. */
  public Table filter(Table table) {
    boolean[] ok = satisfied(table);
    int[] keep = java.util.stream.IntStream.range(0, ok.length).filter(i -> ok[i]).toArray();
    return table.rows(keep);
  }

  /**
   * Each rule's violations on the real and on the synthetic table, after {@link #validate(Table)} on the real
   * table.
   */
  public List<RuleComparison> compare(Table real, Table synthetic) {
    validate(real);
    List<RuleViolations> r = violations(real);
    List<RuleViolations> s = violations(synthetic);
    List<RuleComparison> out = new ArrayList<>();
    for (int k = 0; k < rules.size(); k++) {
      out.add(new RuleComparison(rules.get(k).text(), rules.get(k).line(), r.get(k).violations(), r.get(k).rows(),
          s.get(k).violations(), s.get(k).rows()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Rules[" + rules.size() + (rules.size() == 1 ? " rule" : " rules") + (file == null ? "" : " from " + file)
        + "]";
  }
}
