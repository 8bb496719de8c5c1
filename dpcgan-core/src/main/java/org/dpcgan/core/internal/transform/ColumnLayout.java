package org.dpcgan.core.internal.transform;

import java.util.List;

/**
 * Where one encoded column lives in the encoded row.
 *
 * @param index position among the encoded (non-id) columns
 * @param model the column model
 * @param offset first index of the column in the encoded row
 * @param width total width of its spans
 * @param spans its spans, in order
 */
public record ColumnLayout(int index, ColumnModel model, int offset, int width, List<OutputSpan> spans) {

  public ColumnLayout {
    spans = List.copyOf(spans);
  }

  /** Column name. */
  public String name() {
    return model.name();
  }

  /** True for categorical, ordinal and boolean columns. */
  public boolean isDiscrete() {
    return model instanceof DiscreteColumnModel;
  }

  /** The level span of a discrete column. */
  public OutputSpan levelSpan() {
    if (!isDiscrete()) {
      throw new IllegalStateException("column '" + name() + "' is " + model.kind().label() + ", not discrete");
    }
    return spans.get(0);
  }

  @Override
  public String toString() {
    return name() + "[" + offset + ".." + (offset + width) + ")";
  }
}
