package org.dpcgan.core.internal.transform;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.cells.DateTimes;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Encodes and decodes every row of a table and compares the result with the original: the check behind
 * {@code dpcgan inspect} and the transformer's round-trip tests.
 *
 * <p>Numeric errors are measured on the lossless double-precision path
 * ({@link DataTransformer#transformDouble}: α in double and not clipped), which is what "continuous within
 * 1e-6 relative" refers to. The report also counts the rows whose network encoding clips a value (beyond
 * 0.99·4σ of every mode); the relative error of a value x is
 * |x' − x| / max(|x|, 1e-9 · max|column|), so exact zeros are judged against the column's scale.
 */
public final class RoundTrip {

  private RoundTrip() {}

  /**
   * The outcome of a round trip.
   *
   * @param rows rows compared
   * @param categoricalExact every discrete cell (missing included) came back identical
   * @param missingPreserved every numeric cell is missing after decoding exactly when it was before
   * @param integersExact every integer and datetime cell came back identical
   * @param continuousMaxAbsError largest |x' − x| over continuous cells (0 when there are none)
   * @param continuousMaxRelError largest relative error over continuous cells (see the class doc)
   * @param clippedRows rows with a numeric value beyond 0.99·4σ of every mode: the network encoding
   *     ({@link DataTransformer#transform}) clips them, as CTGAN does
   */
  public record Report(
      int rows, boolean categoricalExact, boolean missingPreserved, boolean integersExact,
      double continuousMaxAbsError, double continuousMaxRelError, int clippedRows) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "RoundTrip[rows=%d, categorical exact=%s, missing preserved=%s, integers exact=%s, continuous max abs=%.3g,"
              + " max rel=%.3g, clipped rows=%d]",
          rows, categoricalExact, missingPreserved, integersExact, continuousMaxAbsError, continuousMaxRelError,
          clippedRows);
    }
  }

  /** Encodes (double precision) and decodes every row of {@code table}, and compares. */
  public static Report measure(DataTransformer transformer, Table table, RandomGenerator rng) {
    double[] encoded = transformer.transformDouble(table, rng);
    return compare(transformer, table, transformer.inverse(encoded, table.rowCount()));
  }

  /** Compares a decoded table with the original, column by column. */
  public static Report compare(DataTransformer transformer, Table original, Table decoded) {
    int rows = original.rowCount();
    if (decoded.rowCount() != rows) {
      throw new IllegalArgumentException(
          "round trip: decoded table has " + decoded.rowCount() + " rows, the original " + rows);
    }
    boolean categorical = true;
    boolean missing = true;
    boolean integers = true;
    double maxAbs = 0;
    double maxRel = 0;
    for (ColumnModel m : transformer.columnModels()) {
      Column<?> a = original.column(m.name());
      Column<?> b = decoded.column(m.name());
      switch (m.kind()) {
        case ID -> {
          // ids are replaced by row numbers on purpose
        }
        case CATEGORICAL, ORDINAL, BOOLEAN -> {
          for (int r = 0; r < rows && categorical; r++) {
            categorical = a.isMissing(r) == b.isMissing(r) && (a.isMissing(r) || text(a, r).equals(text(b, r)));
          }
        }
        default -> {
          double scale = 0;
          for (int r = 0; r < rows; r++) {
            if (!a.isMissing(r)) {
              scale = Math.max(scale, Math.abs(value(a, r)));
            }
          }
          double floor = Math.max(1e-9 * scale, Double.MIN_NORMAL);
          for (int r = 0; r < rows; r++) {
            if (a.isMissing(r) || b.isMissing(r)) {
              missing &= a.isMissing(r) == b.isMissing(r);
              continue;
            }
            double x = value(a, r);
            double y = value(b, r);
            if (m.kind() == ColumnKind.CONTINUOUS) {
              double err = Math.abs(y - x);
              maxAbs = Math.max(maxAbs, err);
              maxRel = Math.max(maxRel, err / Math.max(Math.abs(x), floor));
            } else {
              integers &= x == y;
            }
          }
        }
      }
    }
    int clipped = 0;
    for (boolean c : transformer.clippedRows(original)) {
      clipped += c ? 1 : 0;
    }
    return new Report(rows, categorical, missing, integers, maxAbs, maxRel, clipped);
  }

  private static String text(Column<?> c, int r) {
    if (c instanceof BooleanColumn b) {
      return b.get(r) ? "true" : "false";
    }
    return c.getUnformattedString(r);
  }

  private static double value(Column<?> c, int r) {
    if (c instanceof NumericColumn<?> n) {
      return n.getDouble(r);
    }
    if (c instanceof DateColumn d) {
      return DateTimes.toEpochSeconds(d.get(r).atStartOfDay());
    }
    if (c instanceof DateTimeColumn d) {
      return DateTimes.toEpochSeconds(d.get(r));
    }
    throw new IllegalArgumentException("column '" + c.name() + "' is not numeric: " + c.type().name());
  }
}
