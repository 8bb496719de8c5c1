package org.dpcgan.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Estimate;
import org.dpcgan.eval.analysis.ModelFamily;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.rules.RuleComparison;

/** The cells of the analysis and rule tables, shared by the Markdown and HTML reports. */
final class AnalysisTables {
  static final String ANALYSES_INTRO =
      "Each model is fitted on the real and on the synthetic rows (rows with a missing model value are dropped)."
          + " Intervals are 95% Wald intervals β ± 1.96·se. CI overlap (Karr et al. 2006): 1 for identical"
          + " intervals, 0 for touching ones, below 0 for disjoint ones. Std. diff. = |β_syn − β_real| / se_real."
          + " Sign and 5% significance: whether the two fits agree.";
  static final String RULES_INTRO =
      "Share of rows that break each declared rule; a row breaks a rule only when the rule is definitely false on"
          + " it (a missing value never counts as a break).";
  static final List<String> TERM_HEADER =
      List.of("term", "real β (se)", "real 95% CI", "synthetic β (se)", "synthetic 95% CI", "CI overlap",
          "std. diff.", "sign", "5% significance");
  static final List<String> RULE_HEADER =
      List.of("line", "rule", "real rows breaking it", "real share", "synthetic rows breaking it", "synthetic share");

  private AnalysisTables() {}

  /** "income ~ age + sex (logistic regression of P(income = >50K))". */
  static String title(AnalysisComparison a) {
    return a.formula() + (a.family() == ModelFamily.LOGISTIC
        ? " (logistic regression of P(" + a.outcome() + " = " + a.event() + "))"
        : " (linear regression)");
  }

  /** Rows used and dropped, reference levels, mean overlap and difference. */
  static String summary(AnalysisComparison a) {
    StringBuilder s = new StringBuilder(String.format(
        Locale.ROOT, "Rows used: real %d (%d dropped), synthetic %d (%d dropped).", a.realRows(), a.realDropped(),
        a.syntheticRows(), a.syntheticDropped()));
    if (!a.referenceLevels().isEmpty()) {
      List<String> refs = new ArrayList<>();
      a.referenceLevels().forEach((k, v) -> refs.add(k + " = " + v));
      s.append(" Reference levels: ").append(String.join(", ", refs)).append('.');
    }
    s.append(String.format(
        Locale.ROOT, " Mean CI overlap %s, mean std. difference %s.", MarkdownReport.fmt(a.meanCiOverlap()),
        MarkdownReport.fmt(a.meanStdDifference())));
    return s.toString();
  }

  static List<List<String>> termRows(AnalysisComparison a) {
    List<List<String>> rows = new ArrayList<>();
    for (TermComparison t : a.terms()) {
      List<String> row = new ArrayList<>();
      row.add(t.term());
      row.add(estimate(t.real()));
      row.add(interval(t.real()));
      if (t.estimable()) {
        row.add(estimate(t.synthetic()));
        row.add(interval(t.synthetic()));
        row.add(MarkdownReport.fmt(t.ciOverlap()));
        row.add(MarkdownReport.fmt(t.stdDifference()));
        row.add(t.signAgrees() ? "agrees" : "differs");
        row.add(t.significanceAgrees() ? "agrees" : "differs");
      } else {
        row.add("not estimable: " + t.note());
        row.add("");
        row.add("n/a");
        row.add("n/a");
        row.add("n/a");
        row.add("n/a");
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String> ruleRow(RuleComparison r) {
    return List.of(
        Integer.toString(r.line()),
        r.rule(),
        Integer.toString(r.realViolations()),
        percent(r.realRate()),
        Integer.toString(r.syntheticViolations()),
        percent(r.syntheticRate()));
  }

  private static String estimate(Estimate e) {
    return String.format(Locale.ROOT, "%.4g (%.3g)", e.estimate(), e.standardError());
  }

  private static String interval(Estimate e) {
    return String.format(Locale.ROOT, "[%.4g, %.4g]", e.ciLow(), e.ciHigh());
  }

  private static String percent(double x) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * x);
  }
}
