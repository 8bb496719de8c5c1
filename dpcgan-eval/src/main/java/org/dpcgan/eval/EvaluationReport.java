package org.dpcgan.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.fidelity.FidelityReport;
import org.dpcgan.eval.privacy.PrivacyReport;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.dpcgan.eval.rules.RuleComparison;
import org.dpcgan.eval.utility.DetectionReport;
import org.dpcgan.eval.utility.UtilityReport;

/**
 * The evaluation of a synthetic table: fidelity, detection, pMSE, utility, analyses, rules, privacy and warnings,
 * renderable as JSON (DESIGN.md §5), Markdown or a self-contained HTML page with plots.
 *
 * @param info what was evaluated
 * @param fidelity quality scores
 * @param detection real-vs-synthetic classifier test
 * @param utility TSTR vs TRTR, or {@code null} when no target column was given
 * @param privacy risks and distances
 * @param marginals per-column real and synthetic frequencies, for the plots
 * @param warnings everything the reader should know about how far to trust the numbers
 * @param guarantee a formal guarantee attached by the caller, or {@code null}
 * @param pmse propensity score mean squared error, or {@code null} when not computed
 * @param analyses the requested analyses, each fitted on both tables (empty when none was requested)
 * @param rules each declared plausibility rule's violations on both tables (empty when no rules were given)
 */
public record EvaluationReport(
    EvaluationInfo info,
    FidelityReport fidelity,
    DetectionReport detection,
    UtilityReport utility,
    PrivacyReport privacy,
    List<ColumnMarginal> marginals,
    List<String> warnings,
    PrivacyGuarantee guarantee,
    PmseReport pmse,
    List<AnalysisComparison> analyses,
    List<RuleComparison> rules) {

  public EvaluationReport {
    java.util.Objects.requireNonNull(info, "info");
    java.util.Objects.requireNonNull(fidelity, "fidelity");
    java.util.Objects.requireNonNull(detection, "detection");
    java.util.Objects.requireNonNull(privacy, "privacy");
    marginals = List.copyOf(marginals);
    warnings = List.copyOf(warnings);
    analyses = List.copyOf(analyses);
    rules = List.copyOf(rules);
  }

  /** A report without pMSE, analyses or rules (the form before they existed). */
  public EvaluationReport(
      EvaluationInfo info,
      FidelityReport fidelity,
      DetectionReport detection,
      UtilityReport utility,
      PrivacyReport privacy,
      List<ColumnMarginal> marginals,
      List<String> warnings,
      PrivacyGuarantee guarantee) {
    this(info, fidelity, detection, utility, privacy, marginals, warnings, guarantee, null, List.of(), List.of());
  }

  /** A copy with {@code extra} appended to the warnings. */
  public EvaluationReport withWarnings(List<String> extra) {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(extra);
    return new EvaluationReport(
        info, fidelity, detection, utility, privacy, marginals, all, guarantee, pmse, analyses, rules);
  }

  /** A copy carrying the given formal guarantee (replacing any earlier one). */
  public EvaluationReport withGuarantee(PrivacyGuarantee newGuarantee) {
    java.util.Objects.requireNonNull(newGuarantee, "guarantee");
    return new EvaluationReport(
        info, fidelity, detection, utility, privacy, marginals, warnings, newGuarantee, pmse, analyses, rules);
  }

  /** A copy carrying the guarantee (ε, δ) with notes. */
  public EvaluationReport withGuarantee(double epsilon, double delta, String notes) {
    return withGuarantee(new PrivacyGuarantee(epsilon, delta, notes));
  }

  /**
   * A copy whose guarantee carries {@code audit}, shown beside the claimed ε in every rendering.
   *
   * @throws IllegalStateException if the report has no guarantee to attach the audit to
   */
  public EvaluationReport withAudit(GuaranteeAudit audit) {
    if (guarantee == null) {
      throw new IllegalStateException("an audit is shown beside a guarantee, and this report has none: attach the"
          + " guarantee first (withGuarantee)");
    }
    return withGuarantee(guarantee.withAudit(audit));
  }

  /** The report as one JSON object with the keys of DESIGN.md §5. */
  public String toJson() {
    return JsonReport.toJson(this);
  }

  /** The report as Markdown. */
  public String toMarkdown() {
    return MarkdownReport.toMarkdown(this);
  }

  /** The report as a self-contained HTML page with embedded plots. */
  public String toHtml() {
    return HtmlReport.toHtml(this);
  }

  /** A few lines for JShell: the headline numbers and the number of warnings. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "EvaluationReport[real=%d, synthetic=%d, holdout=%d]%n",
            info.realRows(),
            info.syntheticRows(),
            info.holdoutRows()));
    s.append(
        String.format(
            Locale.ROOT,
            "  quality %.3f (column shapes %.3f, pair trends %.3f), detection %.3f%n",
            fidelity.qualityScore(),
            fidelity.columnShapesScore(),
            fidelity.columnPairTrendsScore(),
            detection.score()));
    if (pmse != null) {
      s.append(String.format(Locale.ROOT, "  pMSE %.3g, S_pMSE %.2f%n", pmse.pmse(), pmse.standardised()));
    }
    if (utility != null) {
      s.append("  utility '")
          .append(utility.target())
          .append("': real ")
          .append(utility.trainReal())
          .append(" | synthetic ")
          .append(utility.trainSynthetic())
          .append(System.lineSeparator());
    }
    for (AnalysisComparison a : analyses) {
      s.append(String.format(Locale.ROOT, "  analysis '%s': mean CI overlap %.3f, mean std. difference %.3f%n",
          a.formula(), a.meanCiOverlap(), a.meanStdDifference()));
    }
    if (!rules.isEmpty()) {
      long broken = rules.stream().filter(r -> r.syntheticViolations() > 0).count();
      s.append("  rules: ").append(broken).append(" of ").append(rules.size())
          .append(" broken by some synthetic row").append(System.lineSeparator());
    }
    s.append("  singling out ").append(risk(privacy.singlingOut())).append(System.lineSeparator());
    s.append("  linkability  ").append(risk(privacy.linkability())).append(System.lineSeparator());
    s.append("  inference    ").append(risk(privacy.inference())).append(System.lineSeparator());
    s.append(
        String.format(
            Locale.ROOT,
            "  DCR median synthetic %.4f vs holdout %s, exact copies %d%n",
            privacy.dcr().syntheticToTrain().median(),
            privacy.dcr().holdoutToTrain() == null
                ? "n/a"
                : String.format(Locale.ROOT, "%.4f", privacy.dcr().holdoutToTrain().median()),
            privacy.dcr().exactCopies()));
    if (guarantee != null) {
      s.append("  guarantee ").append(guarantee).append(System.lineSeparator());
      if (guarantee.audit() != null) {
        s.append("  ").append(guarantee.audit()).append(System.lineSeparator());
      }
    }
    s.append("  ").append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings");
    return s.toString();
  }

  private static String risk(RiskEstimate r) {
    return r == null
        ? "not estimated"
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.risk(), r.ciLow(), r.ciHigh());
  }
}
