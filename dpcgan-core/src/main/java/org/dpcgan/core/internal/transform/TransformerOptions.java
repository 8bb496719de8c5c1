package org.dpcgan.core.internal.transform;

import java.util.Objects;

/**
 * Settings of {@link DataTransformer#fit}.
 *
 * @param mixture settings of the per-column {@link Vbgmm}
 * @param maxLevels a discrete column may have at most this many categories (missing level included)
 * @param maxFitRows numeric columns with more non-missing values than this are fitted on a uniform random
 *     subsample of this many values (the fit is then approximate; the encoding uses every row)
 */
public record TransformerOptions(Vbgmm.Options mixture, int maxLevels, int maxFitRows) {

  /** Default limit on the categories of one discrete column. */
  public static final int DEFAULT_MAX_LEVELS = 1000;
  /** Default subsampling threshold of the mixture fit. */
  public static final int DEFAULT_MAX_FIT_ROWS = 50_000;

  public TransformerOptions {
    Objects.requireNonNull(mixture, "mixture");
    if (maxLevels < 2) {
      throw new IllegalArgumentException("maxLevels must be >= 2. Provided value: " + maxLevels);
    }
    if (maxFitRows < 100) {
      throw new IllegalArgumentException("maxFitRows must be >= 100. Provided value: " + maxFitRows);
    }
  }

  /** CTGAN's mixture settings, at most 1000 categories per column, subsampling above 50,000 values. */
  public static TransformerOptions defaults() {
    return new TransformerOptions(Vbgmm.Options.defaults(), DEFAULT_MAX_LEVELS, DEFAULT_MAX_FIT_ROWS);
  }

  /** A copy with another category limit. */
  public TransformerOptions withMaxLevels(int limit) {
    return new TransformerOptions(mixture, limit, maxFitRows);
  }

  @Override
  public String toString() {
    return "TransformerOptions[" + mixture + ", maxLevels=" + maxLevels + ", maxFitRows=" + maxFitRows + "]";
  }
}
