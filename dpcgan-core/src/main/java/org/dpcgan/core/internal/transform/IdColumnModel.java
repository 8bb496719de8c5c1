package org.dpcgan.core.internal.transform;

import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;

/**
 * An identifier column: not encoded; decoding fills it with fresh row numbers {@code 1..n}.
 *
 * @param name column name
 */
public record IdColumnModel(String name) implements ColumnModel {

  public IdColumnModel {
    ColumnSpec.of(name, ColumnKind.ID); // validates the name
  }

  @Override
  public ColumnKind kind() {
    return ColumnKind.ID;
  }

  @Override
  public String toString() {
    return name + ":id";
  }
}
