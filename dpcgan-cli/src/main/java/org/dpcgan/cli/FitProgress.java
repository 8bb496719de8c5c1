package org.dpcgan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dpcgan.core.synth.EpochStats;
import org.dpcgan.core.synth.FitListener;

/**
 * A training progress bar on the error stream: one step per epoch, with the epoch's generator and critic
 * losses as its message (the generator's only for a DP fit). Used as the {@link FitListener} of a fit; {@link #close()} ends the line.
 */
final class FitProgress implements FitListener, AutoCloseable {
  /** Width of the rendered line; the bar shrinks to fit the task name, counts and losses. */
  private static final int LINE_WIDTH = 100;

  private final String task;
  private final int epochs;
  private final PrintWriter err;
  private ProgressBar bar; // from the start of training: nothing is drawn while the rows are read

  FitProgress(String task, int epochs, PrintWriter err) {
    this.task = task;
    this.epochs = epochs;
    this.err = err;
  }

  @Override
  public void onTrainingStart() {
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(epochs)
          .setUnit(" epochs", 1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500)
          .setConsumer(new Line(err))
          .build();
    }
  }

  @Override
  public void onEpoch(EpochStats stats) {
    onTrainingStart();
    // A DP fit does not release its critic loss (a statistic of the real rows, unnoised): NaN, said withheld.
    bar.setExtraMessage(Double.isNaN(stats.discriminatorLoss())
        ? String.format(Locale.ROOT, "G %.3f  D withheld (DP)", stats.generatorLoss())
        : String.format(Locale.ROOT, "G %.3f  D %.3f", stats.generatorLoss(), stats.discriminatorLoss()));
    bar.stepTo(stats.epoch());
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** Redraws one line of {@code err} with a carriage return; closing ends the line. */
  static final class Line implements ProgressBarConsumer {
    private final PrintWriter err;

    Line(PrintWriter err) {
      this.err = err;
    }

    @Override
    public int getMaxRenderedLength() {
      return LINE_WIDTH;
    }

    @Override
    public void accept(String rendered) {
      synchronized (err) {
        err.print('\r');
        err.print(rendered);
        err.flush();
      }
    }

    @Override
    public void close() {
      synchronized (err) {
        err.println();
        err.flush();
      }
    }
  }
}
