package org.dpcgan.core.internal.transform;

/**
 * The training table encoded once ({@link DataTransformer#encode}) and held compactly: per numeric column its α
 * as a float and its mode (with the missing flag) as a code, per discrete column its category as a code, each code
 * in the smallest unsigned type that holds it. A row is expanded into the network's float layout only when a batch
 * draws it ({@link #copyRow}), so memory grows by a few bytes per cell instead of four per encoded position
 * (on Adult 39 bytes a row instead of 628) and a step's cost does not depend on the number of rows.
 */
public final class TrainingRows {

  /** One encoded column: its offset in the row and, for a numeric column, its modes, indicator and α. */
  private record Stored(int offset, int modes, boolean indicator, float[] alpha, Codes codes) {
    boolean isNumeric() {
      return alpha != null;
    }
  }

  private final int rows;
  private final int width;
  private final Stored[] columns;
  private final int[] columnAt; // per encoded position, its column
  private final int[] partAt;   // per encoded position, its place within the column

  TrainingRows(Layout layout, int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    this.rows = rows;
    this.width = layout.width();
    this.columns = new Stored[layout.columns().size()];
    this.columnAt = new int[width];
    this.partAt = new int[width];
    for (ColumnLayout c : layout.columns()) {
      if (c.model() instanceof NumericColumnModel n) {
        // code = mode when present, modes + mode when missing (the encoding keeps a mode for a missing value)
        columns[c.index()] = new Stored(c.offset(), n.modes(), n.missingIndicator(), new float[rows],
            Codes.of(rows, 2 * n.modes()));
      } else {
        columns[c.index()] = new Stored(c.offset(), 0, false, null,
            Codes.of(rows, ((DiscreteColumnModel) c.model()).categories()));
      }
      for (int p = 0; p < c.width(); p++) {
        columnAt[c.offset() + p] = c.index();
        partAt[c.offset() + p] = p;
      }
    }
  }

  /** Number of rows N. */
  public int rows() {
    return rows;
  }

  /** Width F of an expanded row. */
  public int width() {
    return width;
  }

  /** Bytes held by the stored values (not counting the object headers). */
  public long bytes() {
    long total = 0;
    for (Stored s : columns) {
      total += (s.isNumeric() ? 4L * rows : 0) + s.codes().bytes();
    }
    return total;
  }

  /**
   * Writes row {@code row} expanded to the encoded layout into {@code out[offset .. offset + width())}, which must
   * hold zeros: α, then a one in each one-hot span.
   */
  public void copyRow(int row, float[] out, int offset) {
    for (Stored s : columns) {
      int at = offset + s.offset();
      int code = s.codes().get(row);
      if (!s.isNumeric()) {
        out[at + code] = 1;
        continue;
      }
      boolean missing = code >= s.modes();
      out[at] = s.alpha()[row];
      out[at + 1 + (missing ? code - s.modes() : code)] = 1;
      if (s.indicator()) {
        out[at + 1 + s.modes() + (missing ? 1 : 0)] = 1;
      }
    }
  }

  /** Every row expanded into one row-major float matrix (small tables and tests). */
  public EncodedMatrix dense() {
    float[] out = new float[Math.multiplyExact(rows, width)];
    for (int r = 0; r < rows; r++) {
      copyRow(r, out, r * width);
    }
    return new EncodedMatrix(rows, width, out);
  }

  /**
   * The category of row {@code row} in discrete column {@code column} (its index in the layout), the missing level
   * last: what the conditional sampler reads instead of a copy of the table.
   */
  public int category(int column, int row) {
    Stored s = columns[column];
    if (s.isNumeric()) {
      throw new IllegalArgumentException("column " + column + " is numeric, not discrete");
    }
    return s.codes().get(row);
  }

  /**
   * The sink the encoder writes a chunk's encoded positions into, its row 0 being row {@code firstRow} here (rows
   * are encoded a chunk at a time as the table streams in).
   */
  EncodedRows.Sink sink(int firstRow) {
    return (chunkRow, position, value) -> {
      int row = firstRow + chunkRow;
      Stored s = columns[columnAt[position]];
      int part = partAt[position];
      if (!s.isNumeric()) {
        s.codes().set(row, part);
      } else if (part == 0) {
        s.alpha()[row] = (float) value;
      } else if (part <= s.modes()) {
        s.codes().add(row, part - 1);
      } else if (part == s.modes() + 2) {   // the indicator's "missing" position
        s.codes().add(row, s.modes());
      }
    };
  }

  @Override
  public String toString() {
    return "TrainingRows[" + rows + " x " + width + ", " + bytes() + " bytes]";
  }

  /** Unsigned codes below a bound, in one byte, two or four each. */
  private static final class Codes {
    private final byte[] bytes;
    private final char[] chars;
    private final int[] ints;

    private Codes(byte[] bytes, char[] chars, int[] ints) {
      this.bytes = bytes;
      this.chars = chars;
      this.ints = ints;
    }

    static Codes of(int rows, int bound) {
      if (bound <= 1 << Byte.SIZE) {
        return new Codes(new byte[rows], null, null);
      }
      return bound <= 1 << Character.SIZE ? new Codes(null, new char[rows], null) : new Codes(null, null, new int[rows]);
    }

    int get(int r) {
      return bytes != null ? bytes[r] & 0xFF : chars != null ? chars[r] : ints[r];
    }

    void set(int r, int v) {
      if (bytes != null) {
        bytes[r] = (byte) v;
      } else if (chars != null) {
        chars[r] = (char) v;
      } else {
        ints[r] = v;
      }
    }

    void add(int r, int v) {
      set(r, get(r) + v);
    }

    long bytes() {
      return bytes != null ? bytes.length : chars != null ? 2L * chars.length : 4L * ints.length;
    }
  }
}
