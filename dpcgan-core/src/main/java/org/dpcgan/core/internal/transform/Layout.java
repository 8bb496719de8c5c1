package org.dpcgan.core.internal.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of an encoded row: the encoded columns and their spans, in order. The generator heads and the
 * conditional sampler consume it.
 *
 * @param columns the encoded (non-id) columns in order
 * @param width total width F of an encoded row
 */
public record Layout(List<ColumnLayout> columns, int width) {

  public Layout {
    columns = List.copyOf(columns);
  }

  /** Every span of every column, in order. */
  public List<OutputSpan> spans() {
    var all = new ArrayList<OutputSpan>();
    for (ColumnLayout c : columns) {
      all.addAll(c.spans());
    }
    return all;
  }

  /** The discrete columns, in order. */
  public List<ColumnLayout> discreteColumns() {
    return columns.stream().filter(ColumnLayout::isDiscrete).toList();
  }

  /** The column with this name. */
  public ColumnLayout column(String name) {
    for (ColumnLayout c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "no encoded column named '" + name + "'; encoded columns: " + columns.stream().map(ColumnLayout::name).toList());
  }

  @Override
  public String toString() {
    return "Layout[" + columns.size() + " columns, width=" + width + "]";
  }
}
