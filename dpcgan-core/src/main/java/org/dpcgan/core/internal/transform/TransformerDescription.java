package org.dpcgan.core.internal.transform;

import java.util.List;

/**
 * The serialisable description of a fitted {@link DataTransformer}: a record tree Jackson writes to JSON and
 * reads back. It holds no training rows: only mixture parameters, levels, declared bounds and formats.
 *
 * @param formatVersion version of this description's layout
 * @param columns the column models in table order
 */
public record TransformerDescription(int formatVersion, List<ColumnModel> columns) {

  /** The format version this library writes. */
  public static final int CURRENT_VERSION = 1;

  public TransformerDescription {
    if (formatVersion != CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "transformer description formatVersion must be " + CURRENT_VERSION + ". Provided value: " + formatVersion);
    }
    columns = List.copyOf(columns);
  }

  @Override
  public String toString() {
    return "TransformerDescription[v" + formatVersion + ", " + columns.size() + " columns]";
  }
}
