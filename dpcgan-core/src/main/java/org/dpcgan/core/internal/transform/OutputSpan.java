package org.dpcgan.core.internal.transform;

/**
 * A contiguous block of the encoded row: one scalar (α of a numeric column, a tanh head) or one one-hot group
 * (modes, missing indicator or levels, a Gumbel-softmax head).
 *
 * @param column the column it belongs to
 * @param kind scalar or one-hot
 * @param role what the block encodes
 * @param offset first index in the encoded row
 * @param width number of entries (1 for a scalar)
 */
public record OutputSpan(String column, Kind kind, Role role, int offset, int width) {

  /** The head a span needs. */
  public enum Kind {
    SCALAR,
    ONE_HOT
  }

  /** What a span encodes. */
  public enum Role {
    /** α = (x − μ)/(4σ) of a numeric column. */
    ALPHA,
    /** One-hot of the mode of a numeric column. */
    MODE,
    /** [present, missing] of a numeric column with missing values. */
    MISSING_INDICATOR,
    /** One-hot of a discrete column's category (missing level last). */
    LEVEL
  }

  public OutputSpan {
    if (offset < 0 || width < 1 || (kind == Kind.SCALAR && width != 1)) {
      throw new IllegalArgumentException(
          "span of column '" + column + "' needs offset >= 0 and width >= 1 (1 for a scalar). Provided: offset="
              + offset + ", width=" + width + ", kind=" + kind);
    }
  }

  /** One past the last index. */
  public int end() {
    return offset + width;
  }

  @Override
  public String toString() {
    return column + "." + role.name().toLowerCase(java.util.Locale.ROOT) + "[" + offset + ".." + end() + ")";
  }
}
