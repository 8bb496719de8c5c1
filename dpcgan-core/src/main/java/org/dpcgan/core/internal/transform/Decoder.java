package org.dpcgan.core.internal.transform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.exec.ChunkWorkers;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Decoded values of every column of a transformer, filled row range by row range ({@link #decode}, from several
 * threads at once if their ranges are disjoint) and made into a table once ({@link #table}); made by
 * {@link DataTransformer#decoder}. Sampling decodes each chunk as it is generated instead of holding every encoded row.
 */
public final class Decoder {
  private final int rows;
  private final long rowsBefore;
  private final ColumnModel[] columns;
  private final int[] offsets;           // of each column's span in an encoded row; -1 for an id column
  private final int[] widths;            // of each discrete column's one-hot span
  private final NumericCodec[] codecs;   // of each numeric column, null for the others
  private final double[][] values;       // of each numeric column
  private final double[][] present;      // of each numeric column with a missing indicator: the value α and mode give
  private final int[][] categories;      // of each discrete column: the argmax (levels().size() for missing)
  private final int width;               // of an encoded row

  Decoder(DataTransformer transformer, int rows, long rowsBefore) {
    this.rows = rows;
    this.rowsBefore = rowsBefore;
    this.width = transformer.layout().width();
    List<ColumnModel> models = transformer.columnModels();
    int n = models.size();
    columns = models.toArray(new ColumnModel[0]);
    offsets = new int[n];
    widths = new int[n];
    codecs = new NumericCodec[n];
    values = new double[n][];
    present = new double[n][];
    categories = new int[n][];
    Map<String, ColumnLayout> byName = new HashMap<>();
    for (ColumnLayout c : transformer.layout().columns()) {
      byName.put(c.name(), c);
    }
    for (int i = 0; i < n; i++) {
      ColumnLayout c = byName.get(columns[i].name());
      offsets[i] = c == null ? -1 : c.offset();
      if (columns[i] instanceof NumericColumnModel) {
        codecs[i] = transformer.codec(c.index());
        values[i] = new double[rows];
        present[i] = ((NumericColumnModel) columns[i]).missingIndicator() ? new double[rows] : null;
      } else if (columns[i] instanceof DiscreteColumnModel d) {
        widths[i] = d.categories();
        categories[i] = new int[rows];
      }
    }
  }

  /**
   * Decodes the first {@code count} rows of {@code data} (generator output, as
   * {@link DataTransformer#inverse(float[], int)} takes it) into rows {@code [first, first + count)} of this decoder.
   */
  public void decode(float[] data, int count, int first) {
    decode(data, 0, count, first);
  }

  /** Rows {@code [from, from + count)} of {@code data} into rows {@code [first, first + count)} of this decoder. */
  public void decode(float[] data, int from, int count, int first) {
    if (count < 0 || from < 0 || first < 0 || first > rows - count
        || (long) (from + count) * width > data.length) {
      throw new IllegalArgumentException("decode: rows [" + from + ", " + ((long) from + count) + ") of width "
          + width + " into rows [" + first + ", " + ((long) first + count) + ") of " + rows + " need "
          + ((long) from + count) * width + " values and a range inside the decoder. Provided: "
          + data.length + " values");
    }
    decodeRows(i -> data[i], from, count, first, true);
  }

  /** Rows {@code [from, from + count)} of {@code data} into rows {@code [first, first + count)}, row by row. */
  void decodeRows(EncodedRows.Source data, int from, int count, int first, boolean clampAlpha) {
    for (int r = 0; r < count; r++) {
      int base = (from + r) * width;
      for (int i = 0; i < columns.length; i++) {
        if (present[i] != null) {
          double value = codecs[i].decodePresent(data, base + offsets[i], clampAlpha);
          present[i][first + r] = value;
          values[i][first + r] = codecs[i].missing(data, base + offsets[i]) ? Double.NaN : value;
        } else if (codecs[i] != null) {
          values[i][first + r] = codecs[i].decode(data, base + offsets[i], clampAlpha);
        } else if (categories[i] != null) {
          categories[i][first + r] = EncodedRows.argmax(data, base + offsets[i], widths[i]);
        }
      }
    }
  }

  /** The decoded values of numeric column {@code column} (transformer order; NaN for missing), live: changes show. */
  public double[] values(int column) {
    if (values[column] == null) {
      throw new IllegalArgumentException("column " + column + " (" + columns[column].name() + ") is not numeric");
    }
    return values[column];
  }

  /**
   * The values the generator's α and mode give numeric column {@code column} in every row, those its missing
   * indicator makes missing included; null when the column has no missing indicator. Live.
   */
  public double[] presentValues(int column) {
    if (values[column] == null) {
      throw new IllegalArgumentException("column " + column + " (" + columns[column].name() + ") is not numeric");
    }
    return present[column];
  }

  /** The decoded category of discrete column {@code column} per row ({@code levels().size()} for missing), live. */
  public int[] categories(int column) {
    if (categories[column] == null) {
      throw new IllegalArgumentException("column " + column + " (" + columns[column].name() + ") is not discrete");
    }
    return categories[column];
  }

  /**
   * Copies rows {@code rows[0..count)} of {@code from} (a decoder of the same transformer) into rows
   * {@code [first, first + count)}.
   */
  public void copyRows(Decoder from, int[] rows, int count, int first) {
    if (from.columns.length != columns.length || count > rows.length || first < 0 || first > this.rows - count) {
      throw new IllegalArgumentException("copyRows: " + count + " rows into rows [" + first + ", " + (first + count)
          + ") of " + this.rows + " from a decoder of " + from.columns.length + " columns (this one has "
          + columns.length + ")");
    }
    for (int i = 0; i < columns.length; i++) {
      if (values[i] != null) {
        for (int k = 0; k < count; k++) {
          values[i][first + k] = from.values[i][rows[k]];
        }
        if (present[i] != null) {
          for (int k = 0; k < count; k++) {
            present[i][first + k] = from.present[i][rows[k]];
          }
        }
      } else if (categories[i] != null) {
        for (int k = 0; k < count; k++) {
          categories[i][first + k] = from.categories[i][rows[k]];
        }
      }
    }
  }

  /** The decoded table, its columns built on up to {@code threads} threads. */
  public Table table(int threads) {
    Column<?>[] out = new Column<?>[columns.length];
    // tablesaw's ColumnType and its column types (IntColumnType, ...) initialise each other: two threads that
    // create the first columns of a JVM at once deadlock on those class initialisations. Initialise them here.
    Objects.requireNonNull(ColumnType.STRING);
    ChunkWorkers.run(columns.length, threads, i -> out[i] = column(i));
    return Table.create("decoded", out);
  }

  private Column<?> column(int i) {
    ColumnModel m = columns[i];
    if (codecs[i] != null) {
      return codecs[i].column(values[i]);
    }
    if (m instanceof IdColumnModel) {
      String[] ids = new String[rows];
      for (int r = 0; r < rows; r++) {
        ids[r] = Long.toString(rowsBefore + r + 1);
      }
      return StringColumn.create(m.name(), ids);
    }
    var d = (DiscreteColumnModel) m;
    int nLevels = d.levels().size();
    int[] picked = categories[i];
    if (d.kind() == ColumnKind.BOOLEAN) {
      BooleanColumn col = BooleanColumn.create(d.name());
      for (int a : picked) {
        if (a == nLevels) {
          col.appendMissing();
        } else {
          col.append(a == 1);
        }
      }
      return col;
    }
    String[] levels = new String[nLevels + 1];
    for (int a = 0; a < nLevels; a++) {
      levels[a] = d.levels().get(a);
    }
    levels[nLevels] = "";
    String[] out = new String[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = levels[picked[r]];
    }
    return StringColumn.create(d.name(), out);
  }
}
