package org.dpcgan.core.synth;

import java.util.List;
import java.util.Locale;

/**
 * What the library makes of a table before training ({@link Synthesizer#inspect}): each column as the data
 * transformer encodes it, how many of its cells are missing, and an encode/decode round trip of every row. An
 * inspection reads the rows freely: it is a tool for the data holder, not a release.
 *
 * @param rows the table's rows
 * @param columns each column in schema order
 * @param encodedWidth the width of an encoded row
 * @param roundTrip the round trip of every row
 */
public record TableInspection(int rows, List<Column> columns, int encodedWidth, RoundTrip roundTrip) {

  public TableInspection {
    columns = List.copyOf(columns);
  }

  /**
   * One column of the inspected table.
   *
   * @param description how the transformer encodes it
   * @param missing its missing cells
   */
  public record Column(ColumnDescription description, int missing) {}

  /**
   * Every row encoded (double precision, α not clipped) and decoded again, compared with the original.
   *
   * @param rows rows compared
   * @param categoricalExact every discrete cell (missing included) came back identical
   * @param missingPreserved every numeric cell is missing after decoding exactly when it was before
   * @param integersExact every integer and datetime cell came back identical
   * @param continuousMaxAbsError the largest |x' − x| over continuous cells (0 when there are none)
   * @param continuousMaxRelError the largest relative error over continuous cells
   * @param clippedRows rows with a numeric value beyond 3.96 standard deviations of every mode, which the network
   *     encoding clips (as CTGAN does)
   */
  public record RoundTrip(int rows, boolean categoricalExact, boolean missingPreserved, boolean integersExact,
      double continuousMaxAbsError, double continuousMaxRelError, int clippedRows) {}

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "TableInspection[rows=%d, columns=%d, encoded width=%d, categorical exact=%s,"
        + " continuous max abs error=%.3g]", rows, columns.size(), encodedWidth, roundTrip.categoricalExact(),
        roundTrip.continuousMaxAbsError());
  }
}
