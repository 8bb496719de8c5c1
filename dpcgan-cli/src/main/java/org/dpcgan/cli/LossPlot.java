package org.dpcgan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.dpcgan.core.data.AtomicFiles;
import org.dpcgan.core.synth.EpochStats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line chart of a training's loss history (generator and critic loss per epoch), drawn with XChart. */
final class LossPlot {
  private LossPlot() {}

  /** The chart as PNG bytes. */
  static byte[] png(List<EpochStats> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a loss plot needs at least one epoch. Provided: an empty history");
    }
    double[] epochs = new double[history.size()];
    double[] generator = new double[history.size()];
    double[] critic = new double[history.size()];
    for (int i = 0; i < history.size(); i++) {
      EpochStats e = history.get(i);
      epochs[i] = e.epoch();
      generator[i] = e.generatorLoss();
      critic[i] = e.discriminatorLoss();
    }
    XYChart chart = new XYChartBuilder().width(800).height(450).title("Training losses (mean per epoch)")
        .xAxisTitle("epoch").yAxisTitle("loss").build();
    chart.addSeries("generator (Wasserstein + conditional)", epochs, generator).setMarker(SeriesMarkers.NONE);
    if (java.util.Arrays.stream(critic).noneMatch(Double::isNaN)) {
      // a DP fit does not release its critic loss (NaN): the chart then shows the generator only
      chart.addSeries("critic (Wasserstein + gradient penalty)", epochs, critic).setMarker(SeriesMarkers.NONE);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the loss plot: " + e.getMessage(), e);
    }
  }

  /** Writes the chart to {@code file} atomically. */
  static void write(List<EpochStats> history, Path file) {
    try {
      AtomicFiles.write(file, png(history));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
