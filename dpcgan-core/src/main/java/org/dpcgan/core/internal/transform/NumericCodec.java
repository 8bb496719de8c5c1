package org.dpcgan.core.internal.transform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.cells.DateTimes;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;

/**
 * Encoding and decoding of one numeric column (mode-specific normalisation, Xu et al. 2019, §4.2), with its
 * mixture's constants precomputed: α = (x − μ_k)/(4σ_k) and a mode k drawn from the posterior over the modes that
 * keep |α| ≤ 0.99; decoding takes the argmax mode, rounds and clamps to the declared bounds.
 */
/** Encoding and decoding of one numeric column; precomputed constants of its mixture. */
final class NumericCodec {
  /** Largest |α| of the network encoding: CTGAN clips α to [−0.99, 0.99]. */
  static final double ALPHA_CLIP = 0.99;

  final NumericColumnModel model;
  final int modes;
  final double[] mean;
  final double[] fourStd;
  final double[] invStd;
  final double[] logPrior; // log w_k - log σ_k
  final int mostLikely; // mode used for missing values
  final boolean dateOnly;
  final DateTimeFormatter formatter;
  final boolean fitsInt;

  NumericCodec(NumericColumnModel m) {
    this.model = m;
    GaussianMixture g = m.mixture();
    modes = g.size();
    mean = new double[modes];
    fourStd = new double[modes];
    invStd = new double[modes];
    logPrior = new double[modes];
    int best = 0;
    double reach = 0;
    for (int k = 0; k < modes; k++) {
      mean[k] = g.mean(k);
      fourStd[k] = 4 * g.std(k);
      invStd[k] = 1 / g.std(k);
      logPrior[k] = Math.log(g.weight(k)) - Math.log(g.std(k));
      if (g.weight(k) > g.weight(best)) {
        best = k;
      }
      reach = Math.max(reach, Math.abs(mean[k]) + fourStd[k]);
    }
    mostLikely = best;
    if (m.kind() == ColumnKind.DATETIME) {
      formatter = DateTimes.formatter(m.name(), m.format());
      dateOnly = DateTimes.isDateOnly(formatter);
    } else {
      formatter = null;
      dateOnly = false;
    }
    double lo = m.lower() != null ? m.lower() : -reach;
    double hi = m.upper() != null ? m.upper() : reach;
    fitsInt = lo >= Integer.MIN_VALUE + 1 && hi <= Integer.MAX_VALUE;
  }

  void encode(double x, int at, EncodedRows.Sink sink, RandomGenerator rng, double[] scratch, int row, boolean clip) {
    if (Double.isNaN(x)) {
      if (!model.missingIndicator()) {
        throw new IllegalArgumentException(
            "transform: column '" + model.name() + "', row " + (row + 1)
                + " is missing, but the transformer was fitted without a missing indicator");
      }
      sink.put(row, at, 0.0);
      sink.put(row, at + 1 + mostLikely, 1.0);
      sink.put(row, at + 1 + modes + 1, 1.0);
      return;
    }
    // posterior over the modes that keep |alpha| <= 0.99; over all modes if none does
    boolean anyInRange = false;
    for (int k = 0; k < modes; k++) {
      double z = (x - mean[k]) * invStd[k];
      scratch[k] = z;
      anyInRange |= Math.abs(z) <= 4 * ALPHA_CLIP;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < modes; k++) {
      double z = scratch[k];
      double lp = !anyInRange || Math.abs(z) <= 4 * ALPHA_CLIP ? logPrior[k] - 0.5 * z * z : Double.NEGATIVE_INFINITY;
      scratch[k] = lp;
      max = Math.max(max, lp);
    }
    double sum = 0;
    for (int k = 0; k < modes; k++) {
      double p = Math.exp(scratch[k] - max);
      scratch[k] = p;
      sum += p;
    }
    int mode = modes - 1;
    double u = rng.nextDouble() * sum;
    double acc = 0;
    for (int k = 0; k < modes; k++) {
      acc += scratch[k];
      if (u < acc) {
        mode = k;
        break;
      }
    }
    while (scratch[mode] == 0.0) { // guard against rounding at the top end
      mode--;
    }
    double alpha = (x - mean[mode]) / fourStd[mode];
    if (clip) {
      alpha = Math.max(-ALPHA_CLIP, Math.min(ALPHA_CLIP, alpha));
    }
    sink.put(row, at, alpha);
    sink.put(row, at + 1 + mode, 1.0);
    if (model.missingIndicator()) {
      sink.put(row, at + 1 + modes, 1.0);
    }
  }

  /** True when x is beyond 0.99·4σ of every mode, so the network encoding clips it. */
  boolean clipped(double x) {
    for (int k = 0; k < modes; k++) {
      if (Math.abs(x - mean[k]) * invStd[k] <= 4 * ALPHA_CLIP) {
        return false;
      }
    }
    return true;
  }

  double decode(EncodedRows.Source data, int at, boolean clampAlpha) {
    return missing(data, at) ? Double.NaN : decodePresent(data, at, clampAlpha);
  }

  /** Whether the missing indicator of the row at {@code at} says missing. */
  boolean missing(EncodedRows.Source data, int at) {
    return model.missingIndicator() && data.get(at + 1 + modes + 1) > data.get(at + 1 + modes);
  }

  /** The value α and the mode decode to, whatever the missing indicator says. */
  double decodePresent(EncodedRows.Source data, int at, boolean clampAlpha) {
    int mode = EncodedRows.argmax(data, at + 1, modes);
    double alpha = clampAlpha ? Math.max(-1.0, Math.min(1.0, data.get(at))) : data.get(at);
    double x = alpha * fourStd[mode] + mean[mode];
    if (model.kind() == ColumnKind.INTEGER) {
      x = Math.rint(x);
    } else if (model.kind() == ColumnKind.DATETIME) {
      x = dateOnly ? Math.rint(x / 86400.0) * 86400.0 : Math.rint(x);
    }
    if (model.lower() != null && x < model.lower()) {
      x = model.kind() == ColumnKind.INTEGER ? Math.ceil(model.lower()) : model.lower();
    }
    if (model.upper() != null && x > model.upper()) {
      x = model.kind() == ColumnKind.INTEGER ? Math.floor(model.upper()) : model.upper();
    }
    return x;
  }

  Column<?> column(double[] values) {
    String name = model.name();
    int rows = values.length;
    switch (model.kind()) {
      case INTEGER -> {
        if (fitsInt) {
          int[] ints = new int[rows];
          for (int r = 0; r < rows; r++) {
            ints[r] = Double.isNaN(values[r]) ? Integer.MIN_VALUE : (int) values[r];
          }
          return IntColumn.create(name, ints);
        }
        long[] longs = new long[rows];
        for (int r = 0; r < rows; r++) {
          longs[r] = Double.isNaN(values[r]) ? Long.MIN_VALUE : (long) values[r];
        }
        return LongColumn.create(name, longs);
      }
      case DATETIME -> {
        if (dateOnly) {
          DateColumn c = DateColumn.create(name);
          for (double v : values) {
            if (Double.isNaN(v)) {
              c.appendMissing();
            } else {
              LocalDate d = DateTimes.fromEpochSeconds(v).toLocalDate();
              c.append(d);
            }
          }
          return c;
        }
        DateTimeColumn c = DateTimeColumn.create(name);
        for (double v : values) {
          if (Double.isNaN(v)) {
            c.appendMissing();
          } else {
            LocalDateTime t = DateTimes.fromEpochSeconds(v);
            c.append(t);
          }
        }
        return c;
      }
      default -> {
        return DoubleColumn.create(name, values);
      }
    }
  }
}
