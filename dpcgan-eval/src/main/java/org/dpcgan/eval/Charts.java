package org.dpcgan.eval;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Estimate;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn with XChart (Apache-2.0) and encoded as base64 PNG. */
final class Charts {
  private static final Color REAL = new Color(0x1f, 0x77, 0xb4);
  private static final Color SYNTHETIC = new Color(0xff, 0x7f, 0x0e);
  private static final Color[] RISK_COLORS = {
    new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd), new Color(0x2c, 0xa0, 0x2c)
  };

  private Charts() {}

  /** Real vs synthetic shares of one column, as side-by-side bars. */
  static String marginal(ColumnMarginal m) {
    CategoryChart chart =
        new CategoryChartBuilder().width(560).height(300).title(m.column()).yAxisTitle("share").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setSeriesColors(new Color[] {REAL, SYNTHETIC});
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setAvailableSpaceFill(0.8);
    if (m.kind() == org.dpcgan.eval.EvalColumnKind.NUMERIC) {
      chart.getStyler().setXAxisMaxLabelCount(10);
    }
    List<String> labels = new ArrayList<>();
    for (String l : m.labels()) {
      labels.add(l.length() > 18 ? l.substring(0, 17) + "…" : l);
    }
    chart.addSeries("real", labels, boxed(m.real()));
    chart.addSeries("synthetic", labels, boxed(m.synthetic()));
    return png(chart);
  }

  /** A correlation matrix as a heatmap with values in [−1, 1] (undefined cells shown as 0). */
  static String heatmap(String title, List<String> names, double[][] matrix) {
    HeatMapChart chart = new HeatMapChartBuilder().width(520).height(460).title(title).build();
    chart.getStyler().setMin(-1.0);
    chart.getStyler().setMax(1.0);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    chart.getStyler().setRangeColors(new Color[] {new Color(0x3b, 0x4c, 0xc0), Color.WHITE, new Color(0xb4, 0x04, 0x26)});
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(45);
    List<Number[]> cells = new ArrayList<>();
    for (int a = 0; a < names.size(); a++) {
      for (int b = 0; b < names.size(); b++) {
        double v = Double.isNaN(matrix[a][b]) ? 0.0 : matrix[a][b];
        cells.add(new Number[] {a, b, v});
      }
    }
    chart.addSeries("correlation", names, names, cells);
    return png(chart);
  }

  /** Risks as points with their 95% intervals as vertical bars; absent risks are left out. */
  static String risks(List<String> names, List<RiskEstimate> risks) {
    XYChart chart =
        new XYChartBuilder().width(560).height(320).title("Privacy risks (95% interval)").yAxisTitle("risk").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisMin(-0.5);
    chart.getStyler().setXAxisMax(names.size() - 0.5);
    // XChart 3.8.8 draws no category labels on an XY axis (a custom formatter sees only the axis ends): the legend,
    // in the diamonds' colours, names each risk instead
    chart.getStyler().setXAxisTicksVisible(false);
    double lo = 0.0;
    double hi = 0.1;
    for (int i = 0; i < names.size(); i++) {
      RiskEstimate r = risks.get(i);
      if (r == null) {
        continue;
      }
      lo = Math.min(lo, r.ciLow());
      hi = Math.max(hi, r.ciHigh());
      XYSeries bar = chart.addSeries(names.get(i) + " interval", new double[] {i, i}, new double[] {r.ciLow(), r.ciHigh()});
      bar.setMarker(SeriesMarkers.NONE);
      bar.setLineColor(Color.DARK_GRAY);
      bar.setLineWidth(3f);
      bar.setShowInLegend(false);
      XYSeries point =
          chart.addSeries(
              String.format(java.util.Locale.ROOT, "%s %.3f", names.get(i), r.risk()),
              new double[] {i},
              new double[] {r.risk()});
      point.setMarker(SeriesMarkers.DIAMOND);
      point.setMarkerColor(RISK_COLORS[i % RISK_COLORS.length]);
    }
    XYSeries zero = chart.addSeries("zero", new double[] {-0.5, names.size() - 0.5}, new double[] {0, 0});
    zero.setMarker(SeriesMarkers.NONE);
    zero.setLineColor(Color.GRAY);
    zero.setShowInLegend(false);
    chart.getStyler().setYAxisMin(Math.max(-1.0, lo - 0.05));
    chart.getStyler().setYAxisMax(Math.min(1.0, hi + 0.05));
    return png(chart);
  }

  /** Vertical room per term in a forest plot, in pixels. */
  private static final int FOREST_ROW = 34;
  /** Vertical offset of the real (+) and synthetic (−) estimate from the term's row: a quarter of a row. */
  private static final double FOREST_OFFSET = 0.25;

  /**
   * A forest plot of an analysis: per term (the intercept left out, as synthpop's plot), the real and the
   * synthetic estimate with its 95% interval, both divided by the real standard error, so that every term shares
   * one scale, the real interval spans ±1.96 and the horizontal gap between the points is the standardised
   * difference (synthpop's "Z" plot of {@code compare.fit.synds}).
   *
   * <p>Term names label the y-axis ticks, which takes care with XChart 3.8: it puts ticks on the data's y values
   * only when the axis minimum, the y values in the order the series were added, and the axis maximum are equally
   * spaced, and otherwise searches for a tick spacing until the labels are distinct, which never ends when most
   * labels are blank. So the rows are added bottom to top, each term adding exactly two y values (the synthetic
   * one {@value #FOREST_OFFSET} below the term's row, the real one as far above; an invisible point where there
   * is nothing to draw), the axis ends are one half-step beyond them, the zero line is an annotation, and every
   * label is distinct: the axis minimum " ", the real rows their term, the other ticks "" (XChart then labels
   * every other tick).
   */
  static String forest(AnalysisComparison a) {
    List<TermComparison> terms = a.terms().stream().filter(t -> !t.term().equals("(Intercept)")).toList();
    int n = terms.size();
    XYChart chart =
        new XYChartBuilder()
            .width(680)
            .height(150 + FOREST_ROW * n)
            .title(a.formula().length() > 55 ? a.formula().substring(0, 54) + "…" : a.formula())
            .xAxisTitle("estimate / real standard error (95% interval)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisMin(-3 * FOREST_OFFSET);
    chart.getStyler().setYAxisMax(n - 1 + 3 * FOREST_OFFSET);
    chart.getStyler().setAnnotationLineColor(Color.GRAY);
    Map<Long, String> labels = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (int k = 0; k < n; k++) {
      String term = terms.get(k).term();
      String label = term.length() > 32 ? term.substring(0, 31) + "…" : term;
      for (int copy = 2; !used.add(label); copy++) {
        label = label + " (" + copy + ")";
      }
      labels.put(Math.round((n - 1 - k + FOREST_OFFSET) * 4), label);
    }
    chart.getStyler().setyAxisTickLabelsFormattingFunction(
        y -> y < -2 * FOREST_OFFSET ? " " : labels.getOrDefault(Math.round(y * 4), ""));
    double lo = -2.5;
    double hi = 2.5;
    boolean realLegend = false;
    boolean synLegend = false;
    for (int k = n - 1; k >= 0; k--) {
      TermComparison t = terms.get(k);
      double y = n - 1 - k;
      double scale = t.real().standardError();
      boolean drawable = scale > 0.0 && Double.isFinite(scale);
      double[] r = drawable ? interval(t.real(), scale) : null;
      boolean real = r != null && Double.isFinite(r[0]) && Double.isFinite(r[1]);
      double[] s = drawable && t.estimable() ? interval(t.synthetic(), scale) : null;
      boolean syn = s != null && Double.isFinite(s[0]) && Double.isFinite(s[1]);
      addEstimate(chart, "synthetic", k, y - FOREST_OFFSET, syn ? s : null,
          syn ? t.synthetic().estimate() / scale : 0.0, SYNTHETIC, SeriesMarkers.DIAMOND, syn && !synLegend);
      synLegend |= syn;
      addEstimate(chart, "real", k, y + FOREST_OFFSET, real ? r : null, real ? t.real().estimate() / scale : 0.0,
          REAL, SeriesMarkers.CIRCLE, real && !realLegend);
      realLegend |= real;
      for (double[] ci : new double[][] {real ? r : null, syn ? s : null}) {
        if (ci != null) {
          lo = Math.min(lo, ci[0]);
          hi = Math.max(hi, ci[1]);
        }
      }
    }
    chart.addAnnotation(new AnnotationLine(0.0, true, false));
    double pad = 0.05 * (hi - lo);
    chart.getStyler().setXAxisMin(lo - pad);
    chart.getStyler().setXAxisMax(hi + pad);
    return png(chart);
  }

  private static double[] interval(Estimate e, double scale) {
    return new double[] {e.ciLow() / scale, e.ciHigh() / scale};
  }

  /** An interval and its point at height y; with {@code ci == null} an invisible point that only holds the row. */
  private static void addEstimate(
      XYChart chart, String side, int k, double y, double[] ci, double point, Color color,
      org.knowm.xchart.style.markers.Marker marker, boolean legend) {
    if (ci != null) {
      XYSeries bar = chart.addSeries(side + " interval " + k, ci, new double[] {y, y});
      bar.setMarker(SeriesMarkers.NONE);
      bar.setLineColor(color);
      bar.setLineStyle(SeriesLines.SOLID);
      bar.setLineWidth(2.5f);
      bar.setShowInLegend(false);
    }
    XYSeries p = chart.addSeries(legend ? side : side + " " + k, new double[] {point}, new double[] {y});
    p.setMarker(ci == null ? SeriesMarkers.NONE : marker);
    p.setMarkerColor(color);
    p.setLineColor(color);
    p.setLineStyle(ci == null ? SeriesLines.NONE : SeriesLines.SOLID);
    p.setShowInLegend(legend);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static String png(Chart<?, ?> chart) {
    try {
      return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the chart '" + chart.getTitle() + "'", e);
    }
  }
}
