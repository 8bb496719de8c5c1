package org.dpcgan.eval;

import java.util.SplittableRandom;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Small hand-made and random mixed tables for tests. */
public final class TinyTables {
  private TinyTables() {}

  /** A table with numeric column {@code x} and categorical column {@code c} (null = missing). */
  public static Table xc(double[] x, String[] c) {
    return Table.create("t", DoubleColumn.create("x", x), StringColumn.create("c", c));
  }

  /**
   * A random table with numeric columns n0..n(numeric-1) and categorical columns c0..c(categorical-1) with
   * {@code levels} levels; each cell missing with probability {@code missing}.
   */
  public static Table random(int rows, int numeric, int categorical, int levels, double missing, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Table t = Table.create("random");
    for (int j = 0; j < numeric; j++) {
      double[] v = new double[rows];
      for (int i = 0; i < rows; i++) {
        v[i] = rng.nextDouble() < missing ? Double.NaN : Math.floor(rng.nextDouble() * 20) / 2.0;
      }
      t.addColumns(DoubleColumn.create("n" + j, v));
    }
    for (int j = 0; j < categorical; j++) {
      String[] v = new String[rows];
      for (int i = 0; i < rows; i++) {
        v[i] = rng.nextDouble() < missing ? null : "L" + rng.nextInt(levels);
      }
      t.addColumns(StringColumn.create("c" + j, v));
    }
    return t;
  }
}
