package org.dpcgan.core.internal.transform;

/** Index access to a row-major encoded matrix, float or double, so that both precisions share one codec. */
final class EncodedRows {
  private EncodedRows() {}

  /** Writes value {@code value} at position {@code position} (0 to width − 1) of encoded row {@code row}. */
  @FunctionalInterface
  interface Sink {
    void put(int row, int position, double value);
  }

  /** Reads the value at flat index {@code index}. */
  @FunctionalInterface
  interface Source {
    double get(int index);
  }

  /** The position of the largest of {@code width} values from {@code from} (the first on ties). */
  static int argmax(Source data, int from, int width) {
    int best = 0;
    double bestValue = data.get(from);
    for (int j = 1; j < width; j++) {
      double v = data.get(from + j);
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    return best;
  }
}
