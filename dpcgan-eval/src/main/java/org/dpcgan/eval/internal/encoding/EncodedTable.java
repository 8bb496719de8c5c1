package org.dpcgan.eval.internal.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * One table in the shared encoding of {@link EncodedTables}: a numeric column is a {@code double[]} with NaN
 * for missing, a categorical column an {@code int[]} of level codes with -1 for missing. Column {@code j}
 * has exactly one of the two arrays.
 *
 * <p>The arrays are returned without copying, for speed; callers must not modify them.
 */
public final class EncodedTable {
  /** Code of a missing categorical value. */
  public static final int MISSING = -1;

  private final int rows;
  private final double[][] values;
  private final int[][] codes;

  EncodedTable(int rows, double[][] values, int[][] codes) {
    this.rows = rows;
    this.values = values;
    this.codes = codes;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of columns. */
  public int columns() {
    return values.length;
  }

  /** Values of numeric column {@code column} (NaN for missing). */
  public double[] values(int column) {
    double[] v = values[column];
    if (v == null) {
      throw new IllegalArgumentException("column " + column + " is categorical, not numeric");
    }
    return v;
  }

  /** Level codes of categorical column {@code column} ({@link #MISSING} for missing). */
  public int[] codes(int column) {
    int[] c = codes[column];
    if (c == null) {
      throw new IllegalArgumentException("column " + column + " is numeric, not categorical");
    }
    return c;
  }

  /** Whether column {@code column} is numeric. */
  public boolean isNumeric(int column) {
    return values[column] != null;
  }

  /** Whether the cell is missing. */
  public boolean isMissing(int row, int column) {
    return values[column] != null ? Double.isNaN(values[column][row]) : codes[column][row] == MISSING;
  }

  /** A new table holding the given rows, in the given order (rows may repeat). */
  public EncodedTable select(int[] rowIndices) {
    Objects.requireNonNull(rowIndices, "rowIndices");
    double[][] v = new double[values.length][];
    int[][] c = new int[codes.length][];
    for (int j = 0; j < values.length; j++) {
      if (values[j] != null) {
        double[] src = values[j];
        double[] dst = new double[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
          dst[i] = src[rowIndices[i]];
        }
        v[j] = dst;
      } else {
        int[] src = codes[j];
        int[] dst = new int[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
          dst[i] = src[rowIndices[i]];
        }
        c[j] = dst;
      }
    }
    return new EncodedTable(rowIndices.length, v, c);
  }

  /** The rows of this table followed by the rows of {@code other} (same columns). */
  public EncodedTable concat(EncodedTable other) {
    int n = rows + other.rows;
    double[][] v = new double[values.length][];
    int[][] c = new int[codes.length][];
    for (int j = 0; j < values.length; j++) {
      if (values[j] != null) {
        v[j] = Arrays.copyOf(values[j], n);
        System.arraycopy(other.values[j], 0, v[j], rows, other.rows);
      } else {
        c[j] = Arrays.copyOf(codes[j], n);
        System.arraycopy(other.codes[j], 0, c[j], rows, other.rows);
      }
    }
    return new EncodedTable(n, v, c);
  }

  /**
   * A key for row {@code row} that is equal for two rows exactly when every cell is equal (missing equal to
   * missing); used to count exact copies.
   */
  public RowKey key(int row) {
    long[] cells = new long[values.length];
    for (int j = 0; j < values.length; j++) {
      if (values[j] != null) {
        double x = values[j][row];
        cells[j] = Double.isNaN(x) ? Long.MIN_VALUE : Double.doubleToLongBits(x == 0.0 ? 0.0 : x);
      } else {
        cells[j] = codes[j][row];
      }
    }
    return new RowKey(cells);
  }

  /** The cells of one row as bits, with value equality (see {@link #key(int)}). */
  public static final class RowKey {
    private final long[] cells;
    private final int hash;

    RowKey(long[] cells) {
      this.cells = cells;
      this.hash = Arrays.hashCode(cells);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RowKey other && Arrays.equals(cells, other.cells);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "RowKey[" + cells.length + " cells]";
    }
  }

  @Override
  public String toString() {
    return "EncodedTable[" + rows + " rows x " + values.length + " columns]";
  }
}
