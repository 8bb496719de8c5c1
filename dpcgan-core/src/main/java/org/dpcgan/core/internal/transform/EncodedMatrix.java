package org.dpcgan.core.internal.transform;

/**
 * A row-major float matrix of encoded rows: element {@code (r, f)} at {@code data[r * width + f]}.
 *
 * @param rows number of rows B
 * @param width encoded width F
 * @param data the values; length {@code rows * width}
 */
public record EncodedMatrix(int rows, int width, float[] data) {

  public EncodedMatrix {
    if (rows < 0 || width < 0 || data == null || (long) rows * width != data.length) {
      throw new IllegalArgumentException(
          "encoded matrix needs data.length == rows * width. Provided: rows=" + rows + ", width=" + width
              + ", length=" + (data == null ? "null" : data.length));
    }
  }

  /** Element {@code (r, f)}. */
  public float get(int r, int f) {
    return data[r * width + f];
  }

  @Override
  public String toString() {
    return "EncodedMatrix[" + rows + " x " + width + "]";
  }
}
