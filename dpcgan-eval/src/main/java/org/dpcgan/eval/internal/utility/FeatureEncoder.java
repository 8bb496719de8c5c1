package org.dpcgan.eval.internal.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * Turns rows into sparse feature vectors for the linear models: a numeric column becomes its standardised
 * value (mean and standard deviation of the real table; 0 when missing, with a missing indicator), a
 * categorical column a one-hot indicator of its level (missing is a level of its own).
 */
final class FeatureEncoder {
  private final int[] columns;
  private final boolean[] numeric;
  private final double[] mean;
  private final double[] inverseSd;
  private final String[][] levelNames;
  private final String[] valueNames;
  private final String[] missingNames;

  /** An encoder for all columns except {@code excluded} (−1 for none). */
  FeatureEncoder(EncodedTables tables, int excluded) {
    this.columns =
        java.util.stream.IntStream.range(0, tables.columnCount()).filter(j -> j != excluded).toArray();
    int m = columns.length;
    numeric = new boolean[m];
    mean = new double[m];
    inverseSd = new double[m];
    levelNames = new String[m][];
    valueNames = new String[m];
    missingNames = new String[m];
    for (int t = 0; t < m; t++) {
      int j = columns[t];
      String name = tables.names().get(j);
      if (tables.kind(j) == EvalColumnKind.NUMERIC) {
        numeric[t] = true;
        double[] v = Arrays.stream(tables.real().values(j)).filter(x -> !Double.isNaN(x)).toArray();
        double mu = Arrays.stream(v).average().orElse(0.0);
        double var = Arrays.stream(v).map(x -> (x - mu) * (x - mu)).sum() / Math.max(1, v.length - 1);
        mean[t] = mu;
        inverseSd[t] = var > 0.0 ? 1.0 / Math.sqrt(var) : 1.0;
        valueNames[t] = name;
        missingNames[t] = name + ":missing";
      } else {
        int levels = tables.levels(j).size();
        levelNames[t] = new String[levels + 1];
        for (int c = 0; c < levels; c++) {
          levelNames[t][c] = name + "=" + c;
        }
        levelNames[t][levels] = name + ":missing";
      }
    }
  }

  /** Feature names and values of one row (only non-zero entries). */
  Features encode(EncodedTable table, int row) {
    List<String> names = new ArrayList<>(columns.length);
    List<Double> values = new ArrayList<>(columns.length);
    for (int t = 0; t < columns.length; t++) {
      int j = columns[t];
      if (numeric[t]) {
        double x = table.values(j)[row];
        if (Double.isNaN(x)) {
          names.add(missingNames[t]);
          values.add(1.0);
        } else {
          double z = (x - mean[t]) * inverseSd[t];
          if (z != 0.0) {
            names.add(valueNames[t]);
            values.add(z);
          }
        }
      } else {
        int c = table.codes(j)[row];
        names.add(c < 0 ? levelNames[t][levelNames[t].length - 1] : levelNames[t][c]);
        values.add(1.0);
      }
    }
    String[] n = names.toArray(new String[0]);
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return new Features(n, v);
  }

  /** Sparse features of one row. */
  record Features(String[] names, double[] values) {}
}
