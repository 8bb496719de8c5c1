package org.dpcgan.eval.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.dpcgan.eval.privacy.RiskEstimate;
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
    if (m.kind() == org.dpcgan.eval.ColumnKind.NUMERIC) {
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
    chart.getStyler().setXAxisMaxLabelCount(names.size());
    chart.getStyler().setxAxisTickLabelsFormattingFunction(
        x -> {
          long i = Math.round(x);
          return Math.abs(x - i) < 1e-9 && i >= 0 && i < names.size() ? Long.toString(i + 1) : "";
        });
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
              String.format(java.util.Locale.ROOT, "%d: %s %.3f", i + 1, names.get(i), r.risk()),
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
