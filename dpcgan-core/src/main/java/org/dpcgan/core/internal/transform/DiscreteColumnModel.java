package org.dpcgan.core.internal.transform;

import java.util.List;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;

/**
 * A categorical, ordinal or boolean column: its levels in encoding order and whether missing is an extra
 * level (always the last category).
 *
 * @param name column name
 * @param kind {@link ColumnKind#CATEGORICAL}, {@link ColumnKind#ORDINAL} or {@link ColumnKind#BOOLEAN}
 * @param levels the level strings
 * @param missingLevel whether missing is encoded as category {@code levels.size()}
 */
public record DiscreteColumnModel(String name, ColumnKind kind, List<String> levels, boolean missingLevel)
    implements ColumnModel {

  public DiscreteColumnModel {
    if (kind == null || !kind.isDiscrete()) {
      throw new IllegalArgumentException(
          "a discrete column model needs kind categorical, ordinal or boolean. Provided value: " + kind);
    }
    levels = new ColumnSpec(name, kind, levels, null, null, null).levels(); // validates
    int categories = levels.size() + (missingLevel ? 1 : 0);
    if (categories < 2) {
      throw new IllegalArgumentException(
          "column '" + name + "' must have at least 2 categories (missing counts as one); it has " + categories
              + (levels.isEmpty() ? "" : " (" + levels.get(0) + ")")
              + ". A constant column carries no information: drop it or declare it as id");
    }
  }

  /** Number of categories: levels plus the missing level if present. */
  public int categories() {
    return levels.size() + (missingLevel ? 1 : 0);
  }

  /** The display name of category {@code c}; the missing level shows as {@code <missing>}. */
  public String categoryName(int c) {
    return c == levels.size() ? "<missing>" : levels.get(c);
  }

  @Override
  public String toString() {
    return name + ":" + kind.label() + " levels=" + levels.size() + (missingLevel ? " +missing" : "");
  }
}
