package org.dpcgan.core.synth;

import java.util.List;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.internal.transform.ColumnLayout;
import org.dpcgan.core.internal.transform.ColumnModel;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.NumericColumnModel;

/**
 * One column as a model (or an inspection) encodes it: its levels or its mixture modes and declared bounds, and its
 * width in an encoded row. Public metadata and fitted structure only: no row and no observed extreme (a DP model's
 * levels and modes come from its noisy histograms).
 *
 * @param name the column name
 * @param kind its kind
 * @param levels a discrete column's levels in encoding order (the missing level not included); empty otherwise
 * @param missingLevel whether a discrete column has a missing category (encoded last)
 * @param lower a numeric column's declared lower bound (decoded values are clamped to it), or {@code null}
 * @param upper its declared upper bound, or {@code null}
 * @param modes a numeric column's mixture modes; 0 otherwise
 * @param encodedWidth the column's width in an encoded row; 0 for an id column, which is not encoded
 */
public record ColumnDescription(String name, ColumnKind kind, List<String> levels, boolean missingLevel,
    Double lower, Double upper, int modes, int encodedWidth) {

  public ColumnDescription {
    levels = List.copyOf(levels);
  }

  /** A discrete column's categories, the missing level included; 0 for other columns. */
  public int categories() {
    return kind.isDiscrete() ? levels.size() + (missingLevel ? 1 : 0) : 0;
  }

  /** The description of {@code model}, encoded as {@code layout} says. */
  static ColumnDescription of(ColumnModel model, Layout layout) {
    if (model instanceof DiscreteColumnModel d) {
      return new ColumnDescription(d.name(), d.kind(), d.levels(), d.missingLevel(), null, null, 0,
          layout.column(d.name()).width());
    }
    if (model instanceof NumericColumnModel n) {
      ColumnLayout c = layout.column(n.name());
      return new ColumnDescription(n.name(), n.kind(), List.of(), false, n.lower(), n.upper(), n.modes(), c.width());
    }
    return new ColumnDescription(model.name(), model.kind(), List.of(), false, null, null, 0, 0);
  }

  @Override
  public String toString() {
    return name + ":" + kind.label() + (kind.isDiscrete() ? " categories=" + categories() : "")
        + (kind.isNumeric() ? " modes=" + modes : "") + " width=" + encodedWidth;
  }
}
