package org.dpcgan.core.data;

import java.util.Locale;

/** How a column is read, encoded and decoded. */
public enum ColumnKind {
  /** Real numbers; mode-specific normalisation, missing values get an indicator. */
  CONTINUOUS,
  /** Whole numbers; encoded like {@link #CONTINUOUS}, rounded (and clamped to declared bounds) on decoding. */
  INTEGER,
  /** Unordered levels; one-hot, missing is its own level. */
  CATEGORICAL,
  /** Ordered levels (declared order kept); one-hot, missing is its own level. */
  ORDINAL,
  /** {@code true}/{@code false}; one-hot over the two levels, missing is its own level. */
  BOOLEAN,
  /** Dates or date-times in a declared pattern; encoded as a continuous instant (epoch seconds, UTC). */
  DATETIME,
  /** Identifiers; excluded from training, replaced by fresh row numbers on decoding. */
  ID;

  /** True for the kinds encoded by a Gaussian mixture (continuous, integer, datetime). */
  public boolean isNumeric() {
    return this == CONTINUOUS || this == INTEGER || this == DATETIME;
  }

  /** True for the kinds encoded as one-hot levels (categorical, ordinal, boolean). */
  public boolean isDiscrete() {
    return this == CATEGORICAL || this == ORDINAL || this == BOOLEAN;
  }

  /** The lower-case name used in sidecar files and JSON output. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a sidecar type name ({@code continuous}, {@code integer}, {@code categorical}, {@code ordinal},
   * {@code boolean}, {@code datetime}, {@code id}; case-insensitive).
   */
  public static ColumnKind parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (ColumnKind k : values()) {
      if (k.label().equals(t)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "column type must be one of continuous, integer, categorical, ordinal, boolean, datetime, id. Provided value: '"
            + text + "'");
  }
}
