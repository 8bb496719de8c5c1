package org.dpcgan.core.internal.nn;

import java.util.Arrays;
import org.dpcgan.core.internal.exec.FloatMath;
import org.dpcgan.core.internal.random.RandomStream;

/**
 * The sampling path of {@link OutputHeads}: {@code tanh} on the scalar spans and, on each Gumbel span, the one-hot
 * of a category drawn from {@code softmax(x)} by inverse CDF with one uniform per row and span (the Gumbel-max
 * trick: the argmax decoding reads is such a draw at any τ). Host floats in, host floats out.
 */
final class HeadsDraw {
  private final int w;
  private final int[] scalarColumns;       // the tanh spans' columns, in order
  private final int[] categoricalStarts;   // the first column of each Gumbel span, in order
  private final int[] categoricalWidths;

  HeadsDraw(int width, int[] scalarColumns, int[] categoricalStarts, int[] categoricalWidths) {
    this.w = width;
    this.scalarColumns = scalarColumns;
    this.categoricalStarts = categoricalStarts;
    this.categoricalWidths = categoricalWidths;
  }

  /**
   * The drawn rows for {@code rows} rows of logits of width {@code w}, row-major; {@code rng} gives one uniform per
   * row and Gumbel span, in row-major order (it may be null without Gumbel spans).
   */
  float[] draw(float[] logits, int rows, RandomStream rng) {
    int categorical = categoricalStarts.length;
    double[] u = new double[rows * categorical];
    if (categorical > 0) {
      rng.fillUniform(u);
    }
    int scalars = scalarColumns.length;
    int blockRows = Math.min(rows, WEIGHT_ROWS);
    FloatMath math = new FloatMath(Math.max(blockRows * w, rows * scalars));
    float[] tanh = tanhOfScalarSpans(logits, rows, math);
    float[] weights = new float[blockRows * w];
    float[] out = new float[logits.length];
    double[] cumulative = new double[Arrays.stream(categoricalWidths).max().orElse(0)];
    for (int first = 0, draw = 0, next = 0; first < rows; first += blockRows) {
      int count = Math.min(blockRows, rows - first);
      softmaxWeights(logits, first * w, count, w, weights, math);
      for (int r = 0; r < count; r++) {
        int base = (first + r) * w;
        for (int column : scalarColumns) {
          out[base + column] = tanh[next++];
        }
        for (int g = 0; g < categorical; g++) {
          int at = base + categoricalStarts[g];
          int k = categoricalWidths[g];
          out[at + category(logits, at, weights, r * w + categoricalStarts[g], k, u[draw++], cumulative)] = 1f;
        }
      }
    }
    return out;
  }

  /** {@code tanh} of the scalar spans' logits, row by row in column order. */
  private float[] tanhOfScalarSpans(float[] logits, int rows, FloatMath math) {
    float[] gathered = new float[rows * scalarColumns.length];
    for (int r = 0, next = 0; r < rows; r++) {
      for (int column : scalarColumns) {
        gathered[next++] = logits[r * w + column];
      }
    }
    float[] tanh = new float[gathered.length];
    math.tanh(gathered, tanh, gathered.length);
    return tanh;
  }

  /**
   * {@code weights[0, count·w) = exp(x − max of its row)} for the {@code count} rows of width {@code w} starting at
   * {@code logits[from]}: each Gumbel span's softmax weights up to a factor, from one max per row and one
   * {@link FloatMath} pass over the block: blocks of {@link #WEIGHT_ROWS} rows keep the vector loops long without
   * chunk-sized scratch arrays. The max is a comparison, not {@code Math.max} (whose NaN and signed-zero handling
   * costs). A span far below its row's maximum gets weights too small for float; {@link #category} then draws it
   * from its own maximum.
   */
  private static void softmaxWeights(float[] logits, int from, int count, int w, float[] weights, FloatMath math) {
    int n = count * w;
    System.arraycopy(logits, from, weights, 0, n);
    for (int base = 0; base < n; base += w) {
      float max = weights[base];
      for (int j = base + 1; j < base + w; j++) {
        max = weights[j] > max ? weights[j] : max;   // NaN weights then stay NaN, and their spans take the exact path
      }
      for (int j = base; j < base + w; j++) {
        weights[j] -= max;
      }
    }
    math.exp(weights, weights, n);
  }

  /** Rows per {@link #softmaxWeights} block in {@link #draw}. */
  private static final int WEIGHT_ROWS = 16;

  /**
   * The category of {@code x[base, base + k)} that {@code uniform} picks by inverse CDF of {@code softmax}, from
   * its weights at {@code weights[offset, offset + k)} ({@link #softmaxWeights}); the largest logit when rounding
   * leaves the sum short of the target (or the logits are not finite). The pick counts the cumulative weights at or
   * below the target instead of leaving a loop at the first one above it, whose branch mispredicts about once a
   * draw; the categories are the same. When the span's
   * weights sum below {@link #SMALLEST_SUM} (its maximum is more than about 46 below the row's: smaller weights would
   * lose float precision) or to NaN, the span is drawn from weights relative to its own maximum in double
   * ({@link #exact}). {@code cumulative} is scratch space.
   */
  private static int category(float[] x, int base, float[] weights, int offset, int k, double uniform,
      double[] cumulative) {
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += weights[offset + j];
      cumulative[j] = sum;
    }
    if (!(sum >= SMALLEST_SUM)) {
      return exact(x, base, k, uniform, cumulative);
    }
    return pick(cumulative, k, uniform * sum, x, base);
  }

  /** Weights summing below this (e^−46) come from a span far below its row's maximum; see {@link #category}. */
  private static final double SMALLEST_SUM = 1e-20;

  /** {@link #category} from {@code exp(x − max of the span)} in double, for spans far below their row's maximum. */
  private static int exact(float[] x, int base, int k, double uniform, double[] cumulative) {
    float max = x[base];
    for (int j = 1; j < k; j++) {
      max = Math.max(max, x[base + j]);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += Math.exp(x[base + j] - max);
      cumulative[j] = sum;
    }
    if (Double.isNaN(sum)) {
      return FloatMath.argmax(x, base, k);   // a NaN or infinite logit (∞ − ∞)
    }
    return pick(cumulative, k, uniform * sum, x, base);
  }

  /** The number of cumulative weights at or below {@code target}; the argmax if that is all {@code k} of them. */
  private static int pick(double[] cumulative, int k, double target, float[] x, int base) {
    int below = 0;
    for (int j = 0; j < k; j++) {
      below += cumulative[j] <= target ? 1 : 0;
    }
    return below < k ? below : FloatMath.argmax(x, base, k);
  }
}
