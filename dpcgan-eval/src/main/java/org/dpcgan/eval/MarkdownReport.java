package org.dpcgan.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.distance.DistanceSummary;
import org.dpcgan.eval.fidelity.MetricScore;
import org.dpcgan.eval.privacy.PrivacyReport;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.dpcgan.eval.utility.UtilityReport;

/** The Markdown form of a report: headline table, then one section per part. */
final class MarkdownReport {
  private MarkdownReport() {}

  /** The report as Markdown. */
  static String toMarkdown(EvaluationReport r) {
    StringBuilder s = new StringBuilder();
    s.append("# Synthetic data evaluation\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Real rows: %d, synthetic rows: %d, holdout rows: %s, seed: %d.\n\n",
            r.info().realRows(),
            r.info().syntheticRows(),
            r.info().holdoutRows() == 0 ? "none" : Integer.toString(r.info().holdoutRows()),
            r.info().seed()));
    if (r.guarantee() != null) {
      s.append("Formal guarantee (stated by the generator, not checked here): ").append(r.guarantee()).append("\n\n");
      if (r.guarantee().audit() != null) {
        s.append("Audit of this guarantee: ").append(r.guarantee().audit().summary()).append(".\n\n");
      }
    }
    s.append("## Fidelity\n\n| score | value |\n| --- | --- |\n");
    s.append(row("quality", r.fidelity().qualityScore()));
    s.append(row("column shapes", r.fidelity().columnShapesScore()));
    s.append(row("column pair trends", r.fidelity().columnPairTrendsScore()));
    s.append(row("three-way marginals (" + r.fidelity().threeWayMarginals().size() + " column triples; not in quality)",
        r.fidelity().threeWayScore()));
    s.append(row("detection (LogisticDetection)", r.detection().score()));
    if (r.pmse() != null) {
      s.append("| pMSE (propensity score mean squared error) | ").append(String.format(Locale.ROOT, "%.4g",
          r.pmse().pmse())).append(" |\n");
      s.append(row("S_pMSE (pMSE / its null expectation; ≈ 1 for a correct synthesis)", r.pmse().standardised()));
    }
    s.append("\n### Column shapes\n\n");
    s.append(scoreTable(r.fidelity().columnShapes(), "column"));
    if (!r.fidelity().missingValues().isEmpty()) {
      s.append("\n### Missing values\n\n");
      s.append(scoreTable(r.fidelity().missingValues(), "column"));
    }
    s.append("\n### Column pair trends\n\n");
    s.append(scoreTable(r.fidelity().columnPairTrends(), "pair"));
    UtilityReport u = r.utility();
    s.append("\n## Utility\n\n");
    if (u == null) {
      s.append("Not measured (no target column).\n");
    } else {
      s.append("Target `").append(u.target()).append("` (").append(u.task()).append("), tested on ")
          .append(u.testRows()).append(" ").append(u.testSource()).append(" rows. Model: ").append(u.model())
          .append(".\n\n");
      s.append("| trained on | scores |\n| --- | --- |\n");
      s.append("| real | ").append(u.trainReal()).append(" |\n");
      s.append("| synthetic | ").append(u.trainSynthetic()).append(" |\n");
    }
    if (!r.analyses().isEmpty()) {
      s.append("\n## Analyses\n\n").append(AnalysisTables.ANALYSES_INTRO).append("\n");
      for (AnalysisComparison a : r.analyses()) {
        s.append("\n### ").append(AnalysisTables.title(a)).append("\n\n");
        s.append(AnalysisTables.summary(a)).append("\n\n");
        s.append(table(AnalysisTables.TERM_HEADER, AnalysisTables.termRows(a)));
      }
    }
    if (!r.rules().isEmpty()) {
      s.append("\n## Plausibility rules\n\n").append(AnalysisTables.RULES_INTRO).append("\n\n");
      s.append(table(AnalysisTables.RULE_HEADER, r.rules().stream().map(AnalysisTables::ruleRow).toList()));
    }
    PrivacyReport p = r.privacy();
    s.append("\n## Privacy\n\n");
    s.append("risk = (attack rate − control rate) / (1 − control rate); 95% interval from Wilson intervals.\n\n");
    s.append("| attack | risk | 95% interval | attack rate | control rate | baseline rate | attacks |\n");
    s.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    s.append(riskRow("singling out", p.singlingOut()));
    s.append(riskRow("linkability", p.linkability()));
    s.append(riskRow("inference" + (p.secret() == null ? "" : " (`" + p.secret() + "`)"), p.inference()));
    s.append("\n### Distance to closest record\n\n");
    s.append("| rows → train | rows | min | 5th pct | median | mean | at zero | NNDR median |\n");
    s.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    s.append(dcrRow("synthetic", p.dcr().syntheticToTrain()));
    if (p.dcr().holdoutToTrain() != null) {
      s.append(dcrRow("holdout", p.dcr().holdoutToTrain()));
    }
    s.append("\nExact copies of training rows in the synthetic table: ").append(p.dcr().exactCopies());
    if (p.dcr().holdoutExactCopies() >= 0) {
      s.append(" (holdout rows that equal a training row: ").append(p.dcr().holdoutExactCopies()).append(")");
    }
    s.append(".\n\n## Warnings\n\n");
    if (r.warnings().isEmpty()) {
      s.append("None.\n");
    }
    for (String w : r.warnings()) {
      s.append("- ").append(w).append("\n");
    }
    return s.toString();
  }

  private static String table(List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder("|");
    header.forEach(h -> s.append(' ').append(h).append(" |"));
    s.append("\n|").append(" --- |".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      s.append('|');
      row.forEach(c -> s.append(' ').append(cell(c)).append(" |"));
      s.append('\n');
    }
    return s.toString();
  }

  /** A table cell: '|' escaped so that it does not end the cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static String row(String name, double value) {
    return "| " + name + " | " + fmt(value) + " |\n";
  }

  private static String scoreTable(Map<String, MetricScore> scores, String head) {
    StringBuilder s = new StringBuilder("| " + head + " | metric | score |\n| --- | --- | --- |\n");
    scores.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v.metric()).append(" | ")
        .append(fmt(v.score())).append(" |\n"));
    return s.toString();
  }

  private static String riskRow(String name, RiskEstimate e) {
    if (e == null) {
      return "| " + name + " | not estimated | | | | | |\n";
    }
    return String.format(
        Locale.ROOT,
        "| %s | %.4f | [%.4f, %.4f] | %.4f | %.4f | %.4f | %d |\n",
        name, e.risk(), e.ciLow(), e.ciHigh(), e.attackRate(), e.controlRate(), e.baselineRate(), e.attacks());
  }

  private static String dcrRow(String name, DistanceSummary d) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.2f%% | %.4f |\n",
        name, d.rows(), d.min(), d.p05(), d.median(), d.mean(), 100 * d.zeroShare(), d.nndrMedian());
  }

  static String fmt(double x) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.4f", x);
  }
}
