package org.dpcgan.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.dpcgan.cli.SweepSummary.PointSummary;
import org.dpcgan.cli.SweepSummary.Risk;
import org.dpcgan.cli.SweepSummary.Run;
import org.dpcgan.cli.SweepSummary.Stat;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep's page: one self-contained HTML file (no external file, script or font) with the privacy–utility curves
 * drawn by XChart and embedded as base64 PNG, a table of the points and one of every run. The curves' x axis is ε on
 * a logarithmic scale; the non-private point, which has no ε, is a dashed level across each chart. A small inline
 * script counts the plots that decoded and writes the count to {@code <body
 * data-plots-loaded>} and {@code #plot-status}, as the evaluation report does, for a headless browser to read.
 */
final class SweepPage {
  private static final Color[] COLORS = {
    new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c),
    new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b)
  };
  private static final Color RUN = new Color(0x99, 0x99, 0x99);
  /** Factor by which each of the three risks is moved sideways from its ε, so that their intervals stand apart. */
  private static final double RISK_SHIFT = 1.08;
  /** Factor of room on the ε axis beyond the smallest and the largest ε. */
  private static final double X_MARGIN = 1.6;

  private SweepPage() {}

  /** The page. */
  static String html(SweepSummary s, Map<String, Object> options, int trainRows, int holdoutRows) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>Privacy-utility sweep</title>\n<style>");
    h.append("body{font-family:sans-serif;margin:2em;max-width:1300px;color:#222}");
    h.append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}");
    h.append("th{background:#f3f3f3}td:first-child{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:8px}");
    h.append("img{border:1px solid #eee}.note{color:#555}</style></head>\n<body data-plots-loaded=\"0\">\n");
    h.append("<h1>Privacy-utility sweep</h1>\n<p id=\"plot-status\">plots loading</p>\n");
    h.append(String.format(Locale.ROOT, "<p>%d points × %s repeats, %d training rows, %d holdout rows. Every fit"
        + " trains on the same training rows; every evaluation compares a synthetic table as large as them with them,"
        + " with the holdout as the privacy attacks' control and the utility test's test rows.</p>\n",
        s.points().size(), options.get("repeats"), trainRows, holdoutRows));
    h.append("<p class=\"note\">The x axis is the target ε on a logarithmic scale. A line joins the points' means over"
        + " their runs; grey dots are the single runs. "
        + (s.points().stream().anyMatch(p -> !p.point().dp()) ? "The dashed <b>no DP</b> levels are the non-private"
            + " CTGAN: it gives no privacy guarantee and marks what the data allow without one. " : "")
        + "DP noise comes from the secure source: repeats differ by their noise even at one seed.</p>\n");

    h.append("<h2>Curves</h2>\n<div class=\"plots\">\n");
    Plot quality = new Plot("Fidelity", "score", s);
    quality.curve("quality score", COLORS[0], Run::quality);
    quality.curve("detection score", COLORS[1], Run::detection);
    h.append(img("quality", "quality and detection scores by privacy budget", quality.png()));
    if (s.utilityMetric() != null) {
      Plot utility = new Plot("Utility: " + s.utilityLabel(), s.utilityMetric(), s);
      utility.curve("trained on synthetic (TSTR)", COLORS[2], Run::utilitySynthetic);
      utility.level("trained on real (TRTR)", COLORS[0], Stat.of(s.points().stream()
          .flatMap(p -> p.runs().stream()).map(Run::utilityReal).toList()).mean());
      h.append(img("utility", s.utilityLabel() + " by privacy budget", utility.png()));
    }
    if (!s.formulas().isEmpty()) {
      Plot analyses = new Plot("Analyses: mean CI overlap (1 = same intervals)", "mean CI overlap", s);
      for (int a = 0; a < s.formulas().size(); a++) {
        int j = a;
        analyses.curve(shorten(s.formulas().get(a), 48), COLORS[(3 + a) % COLORS.length], r -> r.ciOverlap().get(j));
      }
      h.append(img("analysis", "the analyses' mean confidence-interval overlap by privacy budget", analyses.png()));
    }
    Plot risks = new Plot("Privacy risks (mean, 95% interval envelope)", "risk", s);
    risks.floor(-1);
    for (int k = 0; k < SweepSummary.RISKS.size(); k++) {
      risks.risk(k, COLORS[3 + k]);
    }
    h.append(img("risks", "privacy risks with their intervals by privacy budget", risks.png()));
    h.append("</div>\n");

    h.append("<h2>Points</h2>\n<p class=\"note\">Means over the runs, with the smallest and largest run in brackets."
        + " A risk is the mean of the runs' risks, with the envelope of their 95% intervals.</p>\n");
    List<String> header = new ArrayList<>(List.of("point", "runs", "ε spent", "quality", "detection", "S_pMSE"));
    if (s.utilityMetric() != null) {
      header.add(s.utilityMetric() + " TSTR (TRTR)");
    }
    s.formulas().forEach(f -> header.add("CI overlap: " + f));
    SweepSummary.RISK_LABELS.forEach(header::add);
    List<List<String>> rows = new ArrayList<>();
    for (PointSummary p : s.points()) {
      List<String> row = new ArrayList<>(List.of(p.point().label(), Integer.toString(p.runs().size()),
          SweepSummary.fmt(p.stat(Run::epsilonSpent).mean()), range(p.stat(Run::quality)),
          range(p.stat(Run::detection)), range(p.stat(Run::sPmse))));
      if (s.utilityMetric() != null) {
        row.add(range(p.stat(Run::utilitySynthetic)) + " (" + SweepSummary.fmt(p.stat(Run::utilityReal).mean())
            + ")");
      }
      for (int a = 0; a < s.formulas().size(); a++) {
        int j = a;
        row.add(range(p.stat(r -> r.ciOverlap().get(j))));
      }
      p.risks().forEach(r -> row.add(SweepSummary.risk(r)));
      rows.add(row);
    }
    h.append(table(header, rows));

    h.append("<h2>Runs</h2>\n");
    List<String> runHeader = new ArrayList<>(List.of("point", "repeat", "seed", "ε spent", "fit (s)", "quality",
        "detection", "S_pMSE"));
    if (s.utilityMetric() != null) {
      runHeader.add(s.utilityMetric() + " TSTR (TRTR)");
    }
    s.formulas().forEach(f -> runHeader.add("CI overlap: " + f));
    SweepSummary.RISK_LABELS.forEach(runHeader::add);
    List<List<String>> runRows = new ArrayList<>();
    for (PointSummary p : s.points()) {
      for (Run r : p.runs()) {
        List<String> row = new ArrayList<>(List.of(p.point().label(), Integer.toString(r.repeat()),
            Long.toString(r.seed()), SweepSummary.fmt(r.epsilonSpent()), String.format(Locale.ROOT, "%.1f",
                r.fitSeconds()), SweepSummary.fmt(r.quality()), SweepSummary.fmt(r.detection()),
            SweepSummary.fmt(r.sPmse())));
        if (s.utilityMetric() != null) {
          row.add(SweepSummary.fmt(r.utilitySynthetic()) + " (" + SweepSummary.fmt(r.utilityReal()) + ")");
        }
        r.ciOverlap().forEach(v -> row.add(SweepSummary.fmt(v)));
        r.risks().forEach(k -> row.add(SweepSummary.risk(k)));
        runRows.add(row);
      }
    }
    h.append(table(runHeader, runRows));

    h.append("<h2>Options</h2>\n<table><tr><th>option</th><th>value</th></tr>");
    options.forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>")
        .append(escape(String.valueOf(v))).append("</td></tr>"));
    h.append("</table>\n<script>\n");
    h.append("window.addEventListener('load', function () {\n");
    h.append("  var imgs = document.querySelectorAll('img.plot');\n");
    h.append("  var ok = 0;\n");
    h.append("  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) { ok++; } });\n");
    h.append("  document.body.setAttribute('data-plots-loaded', String(ok));\n");
    h.append("  document.getElementById('plot-status').textContent = ok + ' of ' + imgs.length + ' plots loaded';\n");
    h.append("});\n</script>\n</body></html>\n");
    return h.toString();
  }

  /**
   * One chart of the sweep: x is ε on a logarithmic axis, true to scale; the DP points' means are joined by a line,
   * every run is a grey dot, and the non-private point, which has no ε, is a dashed horizontal line across the
   * chart. Each DP point's ε is written above it. The y range is set from what is drawn.
   */
  private static final class Plot {
    private final XYChart chart;
    private final SweepSummary summary;
    private final List<PointSummary> dp;
    private final PointSummary noDp;
    private final double left;
    private final double right;
    private double low = Double.POSITIVE_INFINITY;
    private double high = Double.NEGATIVE_INFINITY;
    private double floor = Double.NEGATIVE_INFINITY;

    Plot(String title, String yTitle, SweepSummary summary) {
      this.summary = summary;
      this.dp = summary.points().stream().filter(p -> p.point().dp()).toList();
      this.noDp = summary.points().stream().filter(p -> !p.point().dp()).findFirst().orElse(null);
      this.left = dp.get(0).point().epsilon() / X_MARGIN;
      this.right = dp.get(dp.size() - 1).point().epsilon() * X_MARGIN;
      chart = new XYChartBuilder().width(640).height(480).title(title).xAxisTitle("ε (logarithmic)")
          .yAxisTitle(yTitle).build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
      chart.getStyler().setXAxisLogarithmic(true);
      chart.getStyler().setXAxisMin(left);
      chart.getStyler().setXAxisMax(right);
      chart.getStyler().setXAxisDecimalPattern("0.###");
    }

    /** The means of {@code metric} over the DP points as a line, every run as a grey dot, no DP as a level. */
    void curve(String name, Color color, ToDoubleFunction<Run> metric) {
      List<double[]> dots = new ArrayList<>();
      List<double[]> means = new ArrayList<>();
      for (PointSummary p : dp) {
        p.runs().forEach(r -> dots.add(new double[] {p.point().epsilon(), metric.applyAsDouble(r)}));
        means.add(new double[] {p.point().epsilon(), p.stat(metric).mean()});
      }
      if (dp.stream().anyMatch(p -> p.runs().size() > 1)) {
        XYSeries runs = add(name + " (runs)", dots);
        if (runs != null) {
          runs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          runs.setMarker(SeriesMarkers.CIRCLE);
          runs.setMarkerColor(RUN);
          runs.setShowInLegend(false);
        }
      }
      XYSeries line = add(name, means);
      if (line != null) {
        line.setLineStyle(SeriesLines.SOLID);
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setMarkerColor(color);
        line.setLineColor(color);
      }
      if (noDp != null) {
        level(name + ", no DP", color, noDp.stat(metric).mean());
      }
    }

    /** A dashed horizontal line at {@code value} across the chart (a reference without ε). */
    void level(String name, Color color, double value) {
      XYSeries line = add(name, List.of(new double[] {left, value}, new double[] {right, value}));
      if (line != null) {
        line.setLineStyle(SeriesLines.DASH_DASH);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
      }
    }

    /**
     * Risk {@code k}: per DP point its mean and its interval envelope as a vertical bar, shifted sideways by a
     * factor so that the three risks' bars stand apart, and the non-private point's mean as a level.
     */
    void risk(int k, Color color) {
      double shift = Math.pow(RISK_SHIFT, k - 1);
      List<double[]> means = new ArrayList<>();
      for (PointSummary p : dp) {
        Risk r = p.risks().get(k);
        double x = p.point().epsilon() * shift;
        XYSeries bar = add(SweepSummary.RISKS.get(k) + " interval " + p.point().label(),
            List.of(new double[] {x, r.low()}, new double[] {x, r.high()}));
        if (bar != null) {
          bar.setLineStyle(SeriesLines.SOLID);
          bar.setMarker(SeriesMarkers.NONE);
          bar.setLineColor(color);
          bar.setLineWidth(2.5f);
          bar.setShowInLegend(false);
        }
        means.add(new double[] {x, r.risk()});
      }
      XYSeries line = add(SweepSummary.RISK_LABELS.get(k), means);
      if (line != null) {
        line.setLineStyle(SeriesLines.SOLID);
        line.setMarker(SeriesMarkers.DIAMOND);
        line.setMarkerColor(color);
        line.setLineColor(color);
      }
      if (noDp != null) {
        level(SweepSummary.RISK_LABELS.get(k) + ", no DP", color, noDp.risks().get(k).risk());
      }
    }

    /** Keeps the y axis at or above {@code value} (a risk's interval can reach far below −1). */
    void floor(double value) {
      floor = value;
    }

    /** A series of the finite points of {@code xy}; null when none is finite. */
    private XYSeries add(String name, List<double[]> xy) {
      List<double[]> finite = xy.stream().filter(d -> Double.isFinite(d[0]) && Double.isFinite(d[1])).toList();
      if (finite.isEmpty()) {
        return null;
      }
      finite.forEach(d -> {
        low = Math.min(low, d[1]);
        high = Math.max(high, d[1]);
      });
      return chart.addSeries(name, finite.stream().mapToDouble(d -> d[0]).toArray(),
          finite.stream().mapToDouble(d -> d[1]).toArray());
    }

    /** The chart as base64 PNG, its y range fitted to what was drawn and each DP point's ε above it. */
    String png() {
      if (!(low <= high)) {   // nothing drawn: an empty range around 0
        low = 0;
        high = 1;
      }
      low = Math.max(low, floor);
      high = Math.max(high, low);
      double pad = Math.max(0.05 * (high - low), 0.01);
      chart.getStyler().setYAxisMin(low - pad);
      chart.getStyler().setYAxisMax(high + 3 * pad);
      for (PointSummary p : dp) {
        chart.addAnnotation(new AnnotationText(p.point().label(), p.point().epsilon(), high + 1.5 * pad, false));
      }
      return SweepPage.png(chart);
    }

    @Override
    public String toString() {
      return "Plot[" + chart.getTitle() + ", " + summary + "]";
    }
  }

  private static String range(Stat s) {
    if (s.n() == 0) {
      return "-";
    }
    return s.n() == 1 ? SweepSummary.fmt(s.mean()) : SweepSummary.fmt(s.mean()) + " [" + SweepSummary.fmt(s.min())
        + ", " + SweepSummary.fmt(s.max()) + "]";
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String png(XYChart chart) {
    try {
      return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the chart '" + chart.getTitle() + "': " + e.getMessage(), e);
    }
  }

  private static String img(String kind, String alt, String base64) {
    return "<img class=\"plot " + kind + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + base64
        + "\">\n";
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

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
