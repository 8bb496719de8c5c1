package org.dpcgan.eval.internal.distance;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * The mixed-type (Gower 1971) distance over a subset of columns, with an exact k-nearest-neighbour search.
 *
 * <p>The search is brute force but blocked and vectorisable: numeric columns are pre-scaled to [0, 1] as
 * {@code float} arrays (missing becomes −2, so {@code min(1, |a − b|)} gives 0 for missing–missing and 1 for
 * missing–value), categorical columns are {@code int} codes. For a chunk of reference rows that stays in the
 * cache, each query accumulates the per-column distances column by column over the chunk (simple loops over
 * arrays that the JIT compiles to SIMD), then updates its k best. Query blocks run in parallel; the result
 * does not depend on the number of threads.
 */
public final class MixedDistance {
  private static final float MISSING = -2f;
  private static final int QUERY_BLOCK = 64;
  private static final int REFERENCE_CHUNK = 2048;

  private final int[] numericColumns;
  private final double[] offsets;
  private final double[] scales;
  private final int[] categoricalColumns;
  private final int columns;

  private MixedDistance(EncodedTables tables, int[] columnIndices) {
    this.numericColumns =
        Arrays.stream(columnIndices).filter(j -> tables.kind(j) == EvalColumnKind.NUMERIC).toArray();
    this.categoricalColumns =
        Arrays.stream(columnIndices).filter(j -> tables.kind(j) == EvalColumnKind.CATEGORICAL).toArray();
    this.columns = columnIndices.length;
    this.offsets = new double[numericColumns.length];
    this.scales = new double[numericColumns.length];
    for (int t = 0; t < numericColumns.length; t++) {
      int j = numericColumns[t];
      double range = tables.max(j) - tables.min(j);
      offsets[t] = tables.min(j);
      scales[t] = range > 0.0 ? 1.0 / range : 1.0;
    }
  }

  /**
   * The distance over the given columns of {@code tables}.
   *
   * @throws IllegalArgumentException if no column is given, or an index is out of range or repeated
   */
  public static MixedDistance over(EncodedTables tables, int[] columnIndices) {
    Objects.requireNonNull(tables, "tables");
    if (columnIndices.length == 0) {
      throw new IllegalArgumentException("a distance needs at least one column. Provided: none");
    }
    if (Arrays.stream(columnIndices).distinct().count() != columnIndices.length
        || Arrays.stream(columnIndices).anyMatch(j -> j < 0 || j >= tables.columnCount())) {
      throw new IllegalArgumentException(
          "column indices must be distinct and in [0, "
              + tables.columnCount()
              + "). Provided: "
              + Arrays.toString(columnIndices));
    }
    return new MixedDistance(tables, columnIndices.clone());
  }

  /** The distance over every column of {@code tables}. */
  public static MixedDistance overAll(EncodedTables tables) {
    return over(tables, IntStream.range(0, tables.columnCount()).toArray());
  }

  /** Distance between row {@code a} of {@code x} and row {@code b} of {@code y} (the plain reference). */
  public double distance(EncodedTable x, int a, EncodedTable y, int b) {
    double sum = 0.0;
    for (int t = 0; t < numericColumns.length; t++) {
      int j = numericColumns[t];
      float u = scaled(x.values(j)[a], t);
      float v = scaled(y.values(j)[b], t);
      sum += Math.min(1f, Math.abs(u - v));
    }
    for (int j : categoricalColumns) {
      sum += x.codes(j)[a] == y.codes(j)[b] ? 0.0 : 1.0;
    }
    return sum / columns;
  }

  private float scaled(double value, int t) {
    return Double.isNaN(value) ? MISSING : (float) ((value - offsets[t]) * scales[t]);
  }

  /**
   * The {@code k} nearest rows of {@code reference} for every row of {@code queries}.
   *
   * @param excludeSameIndex if true, reference row i is never a neighbour of query row i (for a table
   *     against itself)
   */
  public Neighbours nearest(EncodedTable queries, EncodedTable reference, int k, boolean excludeSameIndex) {
    if (k < 1 || k > reference.rows() - (excludeSameIndex ? 1 : 0)) {
      throw new IllegalArgumentException(
          "k must be in [1, reference rows"
              + (excludeSameIndex ? " - 1" : "")
              + "] = [1, "
              + (reference.rows() - (excludeSameIndex ? 1 : 0))
              + "]. Provided: "
              + k);
    }
    float[][] qNum = scaledColumns(queries);
    int[][] qCat = codeColumns(queries);
    float[][] rNum = scaledColumns(reference);
    int[][] rCat = codeColumns(reference);
    int nq = queries.rows();
    int nr = reference.rows();
    int[][] bestIdx = new int[nq][k];
    float[][] bestDist = new float[nq][k];
    int blocks = (nq + QUERY_BLOCK - 1) / QUERY_BLOCK;
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            block -> {
              int q0 = block * QUERY_BLOCK;
              int q1 = Math.min(nq, q0 + QUERY_BLOCK);
              for (int q = q0; q < q1; q++) {
                Arrays.fill(bestDist[q], Float.POSITIVE_INFINITY);
                Arrays.fill(bestIdx[q], -1);
              }
              float[] acc = new float[REFERENCE_CHUNK];
              int[] mismatches = new int[REFERENCE_CHUNK];
              float[] row = new float[rNum.length];
              for (int r0 = 0; r0 < nr; r0 += REFERENCE_CHUNK) {
                int len = Math.min(REFERENCE_CHUNK, nr - r0);
                for (int q = q0; q < q1; q++) {
                  int self = excludeSameIndex && q >= r0 && q < r0 + len ? q - r0 : -1;
                  if (rCat.length == 0) {
                    Arrays.fill(acc, 0, len, 0f);
                    for (int t = 0; t < rNum.length; t++) {
                      accumulateNumeric(acc, rNum[t], r0, len, qNum[t][q]);
                    }
                    if (self >= 0) {
                      acc[self] = Float.POSITIVE_INFINITY;
                    }
                    update(acc, len, r0, bestDist[q], bestIdx[q]);
                  } else {
                    Arrays.fill(mismatches, 0, len, 0);
                    for (int t = 0; t < rCat.length; t++) {
                      countMismatches(mismatches, rCat[t], r0, len, qCat[t][q]);
                    }
                    for (int t = 0; t < rNum.length; t++) {
                      row[t] = qNum[t][q];
                    }
                    prunedUpdate(mismatches, rNum, row, len, r0, self, bestDist[q], bestIdx[q]);
                  }
                }
              }
            });
    double[][] distances = new double[nq][k];
    for (int q = 0; q < nq; q++) {
      for (int t = 0; t < k; t++) {
        distances[q][t] = bestDist[q][t] / columns;
      }
    }
    return new Neighbours(bestIdx, distances);
  }

  private static void accumulateNumeric(float[] acc, float[] column, int offset, int len, float query) {
    for (int i = 0; i < len; i++) {
      acc[i] += Math.min(1f, Math.abs(column[offset + i] - query));
    }
  }

  /** Adds 1 where the codes differ, without a branch: for x ≠ 0, (x | −x) has its sign bit set. */
  private static void countMismatches(int[] mismatches, int[] column, int offset, int len, int query) {
    for (int i = 0; i < len; i++) {
      int x = column[offset + i] ^ query;
      mismatches[i] += (x | -x) >>> 31;
    }
  }


  /**
   * The update when there are categorical columns: the mismatch count is a lower bound of a row's distance
   * (numeric terms are ≥ 0), so the numeric terms are computed only for rows whose bound is below the current
   * k-th best distance. Exact: a pruned row could not enter the k best.
   */
  private static void prunedUpdate(
      int[] mismatches, float[][] rNum, float[] query, int len, int offset, int self, float[] best, int[] idx) {
    float worst = best[best.length - 1];
    for (int i = 0; i < len; i++) {
      if (mismatches[i] < worst && i != self) {
        float d = mismatches[i];
        int r = offset + i;
        for (int t = 0; t < rNum.length; t++) {
          d += Math.min(1f, Math.abs(rNum[t][r] - query[t]));
        }
        if (d < worst) {
          worst = insert(best, idx, d, r);
        }
      }
    }
  }

  /**
   * Inserts (d, index) into the ascending top-k lists, dropping the last entry, and returns the new k-th
   * distance; the caller checks d &lt; the current k-th first. Strict comparison keeps earlier entries first
   * on ties.
   */
  private static float insert(float[] best, int[] idx, float d, int index) {
    int p = best.length - 1;
    while (p > 0 && best[p - 1] > d) {
      best[p] = best[p - 1];
      idx[p] = idx[p - 1];
      p--;
    }
    best[p] = d;
    idx[p] = index;
    return best[best.length - 1];
  }

  /** Keeps the k smallest (distance, index) pairs; strict comparison keeps the lower index on ties. */
  private static void update(float[] acc, int len, int offset, float[] best, int[] idx) {
    float worst = best[best.length - 1];
    for (int i = 0; i < len; i++) {
      float d = acc[i];
      if (d < worst) {
        worst = insert(best, idx, d, offset + i);
      }
    }
  }

  private float[][] scaledColumns(EncodedTable table) {
    float[][] out = new float[numericColumns.length][];
    for (int t = 0; t < numericColumns.length; t++) {
      double[] v = table.values(numericColumns[t]);
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = scaled(v[i], t);
      }
      out[t] = f;
    }
    return out;
  }

  private int[][] codeColumns(EncodedTable table) {
    int[][] out = new int[categoricalColumns.length][];
    for (int t = 0; t < categoricalColumns.length; t++) {
      out[t] = table.codes(categoricalColumns[t]);
    }
    return out;
  }

  @Override
  public String toString() {
    return "MixedDistance[" + numericColumns.length + " numeric, " + categoricalColumns.length + " categorical]";
  }
}
