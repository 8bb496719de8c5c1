package org.dpcgan.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.fidelity.FidelityReport;
import org.dpcgan.eval.privacy.PrivacyReport;

/**
 * A self-contained HTML page: the Markdown report's tables rendered as HTML, plus plots embedded as base64 PNG
 * images (no external file, script or font). A small inline script counts the plots that decoded and writes
 * the count to {@code <body data-plots-loaded>} and to the element {@code #plot-status}, which a headless
 * browser can read back.
 */
final class HtmlReport {
  private HtmlReport() {}

  /** The page. */
  static String toHtml(EvaluationReport r) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.append("<title>Synthetic data evaluation</title>\n<style>");
    s.append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}");
    s.append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}");
    s.append("th{background:#f3f3f3}td:first-child{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:8px}");
    s.append(".warn{color:#8a4b00}img{border:1px solid #eee}</style></head>\n<body data-plots-loaded=\"0\">\n");
    s.append("<h1>Synthetic data evaluation</h1>\n");
    s.append("<p id=\"plot-status\">plots loading</p>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<p>Real rows: %d, synthetic rows: %d, holdout rows: %s, seed: %d.</p>\n",
            r.info().realRows(),
            r.info().syntheticRows(),
            r.info().holdoutRows() == 0 ? "none" : Integer.toString(r.info().holdoutRows()),
            r.info().seed()));
    if (r.guarantee() != null) {
      s.append("<p>Formal guarantee (stated by the generator, not checked here): ")
          .append(escape(r.guarantee().toString()))
          .append("</p>\n");
      if (r.guarantee().audit() != null) {
        s.append("<p class=\"").append(r.guarantee().audit().passed() ? "audit" : "audit warn")
            .append("\">Audit of this guarantee: ").append(escape(r.guarantee().audit().summary())).append(".</p>\n");
      }
    }
    FidelityReport f = r.fidelity();
    s.append("<h2>Fidelity</h2>\n<table><tr><th>score</th><th>value</th></tr>");
    s.append(tr("quality", MarkdownReport.fmt(f.qualityScore())));
    s.append(tr("column shapes", MarkdownReport.fmt(f.columnShapesScore())));
    s.append(tr("column pair trends", MarkdownReport.fmt(f.columnPairTrendsScore())));
    s.append(tr("three-way marginals (" + f.threeWayMarginals().size() + " column triples; not in quality)",
        MarkdownReport.fmt(f.threeWayScore())));
    s.append(tr("detection (LogisticDetection)", MarkdownReport.fmt(r.detection().score())));
    if (r.pmse() != null) {
      s.append(tr("pMSE (propensity score mean squared error)", String.format(Locale.ROOT, "%.4g", r.pmse().pmse())));
      s.append(tr("S_pMSE (pMSE / its null expectation; ≈ 1 for a correct synthesis)",
          MarkdownReport.fmt(r.pmse().standardised())));
    }
    s.append("</table>\n<h3>Column shapes</h3>\n<table><tr><th>column</th><th>metric</th><th>score</th></tr>");
    f.columnShapes().forEach((k, v) -> s.append(tr(k, v.metric(), MarkdownReport.fmt(v.score()))));
    f.missingValues().forEach((k, v) -> s.append(tr(k, v.metric(), MarkdownReport.fmt(v.score()))));
    s.append("</table>\n<div class=\"plots\">\n");
    for (ColumnMarginal m : r.marginals()) {
      s.append(img("marginal", "real vs synthetic distribution of " + m.column(), Charts.marginal(m)));
    }
    s.append("</div>\n<h3>Column pair trends</h3>\n");
    if (f.correlations().columns().size() >= 2) {
      s.append("<div class=\"plots\">\n");
      String method = f.correlationMethod().name().toLowerCase(Locale.ROOT);
      s.append(img("heatmap", "real correlations", Charts.heatmap("Real (" + method + ")", f.correlations().columns(), f.correlations().real())));
      s.append(img("heatmap", "synthetic correlations", Charts.heatmap("Synthetic (" + method + ")", f.correlations().columns(), f.correlations().synthetic())));
      s.append("</div>\n");
    }
    s.append("<table><tr><th>pair</th><th>metric</th><th>score</th></tr>");
    f.columnPairTrends().forEach((k, v) -> s.append(tr(k, v.metric(), MarkdownReport.fmt(v.score()))));
    s.append("</table>\n<h2>Utility</h2>\n");
    if (r.utility() == null) {
      s.append("<p>Not measured (no target column).</p>\n");
    } else {
      var u = r.utility();
      s.append("<p>Target <code>").append(escape(u.target())).append("</code> (").append(u.task())
          .append("), tested on ").append(u.testRows()).append(' ').append(escape(u.testSource()))
          .append(" rows. Model: ").append(escape(u.model())).append(".</p>\n<table><tr><th>trained on</th><th>scores</th></tr>");
      s.append(tr("real", escape(u.trainReal().toString())));
      s.append(tr("synthetic", escape(u.trainSynthetic().toString())));
      s.append("</table>\n");
    }
    if (!r.analyses().isEmpty()) {
      s.append("<h2>Analyses</h2>\n<p>").append(escape(AnalysisTables.ANALYSES_INTRO)).append("</p>\n");
      for (AnalysisComparison a : r.analyses()) {
        s.append("<h3>").append(escape(AnalysisTables.title(a))).append("</h3>\n<p>")
            .append(escape(AnalysisTables.summary(a))).append("</p>\n");
        s.append(table(AnalysisTables.TERM_HEADER, AnalysisTables.termRows(a)));
        s.append(img("forest", "coefficients of " + a.formula() + " on real and synthetic rows", Charts.forest(a)));
      }
    }
    if (!r.rules().isEmpty()) {
      s.append("<h2>Plausibility rules</h2>\n<p>").append(escape(AnalysisTables.RULES_INTRO)).append("</p>\n");
      s.append(table(AnalysisTables.RULE_HEADER, r.rules().stream().map(AnalysisTables::ruleRow).toList()));
    }
    PrivacyReport p = r.privacy();
    s.append("<h2>Privacy</h2>\n<p>risk = (attack rate − control rate) / (1 − control rate); ")
        .append("95% interval from Wilson score intervals of both rates.</p>\n");
    s.append(img("risks", "privacy risks with intervals",
        Charts.risks(List.of("singling out", "linkability", "inference"),
            Arrays.asList(p.singlingOut(), p.linkability(), p.inference()))));
    String md = MarkdownReport.toMarkdown(r);
    s.append(markdownTables(section(md, "## Privacy", "## Warnings")));
    s.append("<h2>Warnings</h2>\n<ul>");
    if (r.warnings().isEmpty()) {
      s.append("<li>None.</li>");
    }
    for (String w : r.warnings()) {
      s.append("<li class=\"warn\">").append(escape(w)).append("</li>");
    }
    s.append("</ul>\n<script>\n");
    s.append("window.addEventListener('load', function () {\n");
    s.append("  var imgs = document.querySelectorAll('img.plot');\n");
    s.append("  var ok = 0;\n");
    s.append("  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) { ok++; } });\n");
    s.append("  document.body.setAttribute('data-plots-loaded', String(ok));\n");
    s.append("  document.getElementById('plot-status').textContent = ok + ' of ' + imgs.length + ' plots loaded';\n");
    s.append("});\n</script>\n</body></html>\n");
    return s.toString();
  }

  private static String img(String kind, String alt, String base64) {
    return "<img class=\"plot " + kind + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + base64 + "\">\n";
  }

  private static String table(List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder("<table><tr>");
    header.forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
    s.append("</tr>");
    for (List<String> row : rows) {
      s.append("<tr>");
      row.forEach(c -> s.append("<td>").append(escape(c)).append("</td>"));
      s.append("</tr>");
    }
    return s.append("</table>\n").toString();
  }

  private static String tr(String... cells) {
    StringBuilder s = new StringBuilder("<tr>");
    for (String c : cells) {
      s.append("<td>").append(c.startsWith("<") ? c : escape(c)).append("</td>");
    }
    return s.append("</tr>").toString();
  }

  private static String section(String md, String from, String to) {
    int a = md.indexOf(from);
    int b = md.indexOf(to);
    return a < 0 || b < a ? "" : md.substring(a + from.length(), b);
  }

  /** Renders the Markdown tables and paragraphs of a section (the subset MarkdownReport writes). */
  private static String markdownTables(String md) {
    StringBuilder s = new StringBuilder();
    boolean inTable = false;
    boolean header = false;
    for (String line : md.split("\n")) {
      if (line.startsWith("|")) {
        if (line.startsWith("| ---")) {
          continue;
        }
        if (!inTable) {
          s.append("<table>");
          inTable = true;
          header = true;
        }
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        s.append("<tr>");
        for (String c : cells) {
          String tag = header ? "th" : "td";
          s.append('<').append(tag).append('>').append(escape(c.trim()).replace("`", "")).append("</").append(tag).append('>');
        }
        s.append("</tr>");
        header = false;
      } else {
        if (inTable) {
          s.append("</table>\n");
          inTable = false;
        }
        if (line.startsWith("### ")) {
          s.append("<h3>").append(escape(line.substring(4))).append("</h3>\n");
        } else if (!line.isBlank()) {
          s.append("<p>").append(escape(line)).append("</p>\n");
        }
      }
    }
    if (inTable) {
      s.append("</table>\n");
    }
    return s.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
