package org.dpcgan.core.synth;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.internal.gan.ConditionalSampler.DiscreteColumn;

/**
 * Post-processing of generated rows towards the model's own discrete marginals: of {@link #OVERSAMPLE} times
 * as many generated rows as are kept, keep a sample without replacement with inclusion probabilities
 * proportional to weights fitted by raking (iterative proportional fitting, Deming and Stephan 1940), so that
 * the weighted category frequencies of every discrete column match the model's stored category counts.
 *
 * <p>The counts are the model's (for a DP model the noisy ones its ledger paid for), so this reads no
 * training row and costs no privacy (post-processing). It corrects each column's marginal, as far as a sample
 * of half the generated rows can (a category generated at less than half its target frequency stays short);
 * the relations between columns are the generator's, reweighted.
 */
final class MarginalMatching {
  /** Rows generated per row kept. */
  static final int OVERSAMPLE = 2;
  private static final int ITERATIONS = 20;
  /** A category the model never saw still gets this much of a factor, so no weight becomes exactly 0. */
  private static final double MIN_FACTOR = 1e-6;

  private final List<DiscreteColumn> columns;
  private final double[][] target;

  /** {@code counts[i][c]}: the model's count of category {@code c} of discrete column {@code i} (negative as 0). */
  MarginalMatching(List<DiscreteColumn> columns, double[][] counts) {
    this.columns = List.copyOf(columns);
    this.target = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      double[] p = Arrays.stream(counts[i]).map(c -> Math.max(0, c)).toArray();
      double sum = Arrays.stream(p).sum();
      for (int c = 0; c < p.length; c++) {
        p[c] = sum > 0 ? p[c] / sum : 1.0 / p.length;
      }
      target[i] = p;
    }
  }

  /**
   * The ascending indices of {@code keep} of the {@code rows} generated rows ({@code generated} row-major,
   * {@code width} wide, one-hot discrete spans): a systematic sample, in a random order, with inclusion
   * probabilities proportional to the raking weights (capped at 1), so that the kept rows' expected category
   * frequencies are the weighted ones.
   */
  int[] select(float[] generated, int rows, int width, int keep, SplittableRandom rng) {
    int[][] category = new int[columns.size()][rows];
    for (int i = 0; i < columns.size(); i++) {
      DiscreteColumn column = columns.get(i);
      for (int r = 0; r < rows; r++) {
        category[i][r] = argmax(generated, r * width + column.dataOffset(), column.categories());
      }
    }
    double[] inclusion = inclusionProbabilities(rake(category, rows), keep);
    int[] order = new int[rows];
    for (int r = 0; r < rows; r++) {
      int j = rng.nextInt(r + 1); // Fisher–Yates, inside out
      order[r] = order[j];
      order[j] = r;
    }
    int[] chosen = new int[keep];
    int count = 0;
    double point = rng.nextDouble();
    double cumulative = 0;
    for (int k = 0; k < rows && count < keep; k++) {
      cumulative += inclusion[order[k]];
      if (point < cumulative) {
        chosen[count++] = order[k];
        point += 1;
      }
    }
    for (int k = rows - 1; count < keep; k--) { // rounding left the sum a hair short of keep
      int r = order[k];
      if (Arrays.stream(chosen, 0, count).noneMatch(c -> c == r)) {
        chosen[count++] = r;
      }
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /** {@code min(1, c · w)} with {@code c} such that the probabilities sum to {@code keep}. */
  private static double[] inclusionProbabilities(double[] weight, int keep) {
    int rows = weight.length;
    double[] p = new double[rows];
    boolean[] capped = new boolean[rows];
    int cappedCount = 0;
    while (true) {
      double free = 0;
      for (int r = 0; r < rows; r++) {
        if (!capped[r]) {
          free += weight[r];
        }
      }
      double c = free > 0 ? (keep - cappedCount) / free : 0;
      boolean changed = false;
      for (int r = 0; r < rows; r++) {
        if (!capped[r] && c * weight[r] >= 1) {
          capped[r] = true;
          cappedCount++;
          changed = true;
        }
        p[r] = capped[r] ? 1 : c * weight[r];
      }
      if (!changed) {
        return p;
      }
    }
  }

  private double[] rake(int[][] category, int rows) {
    double[] weight = new double[rows];
    Arrays.fill(weight, 1.0);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int i = 0; i < columns.size(); i++) {
        double[] mass = new double[target[i].length];
        double total = 0;
        for (int r = 0; r < rows; r++) {
          mass[category[i][r]] += weight[r];
          total += weight[r];
        }
        double[] factor = new double[mass.length];
        for (int c = 0; c < mass.length; c++) {
          factor[c] = mass[c] > 0 ? Math.max(MIN_FACTOR, target[i][c] * total / mass[c]) : 1.0;
        }
        for (int r = 0; r < rows; r++) {
          weight[r] *= factor[category[i][r]];
        }
      }
    }
    return weight;
  }

  /** The index of the largest of {@code values[start, start + length)}, the first on ties. */
  static int argmax(float[] values, int start, int length) {
    int best = 0;
    for (int k = 1; k < length; k++) {
      if (values[start + k] > values[start + best]) {
        best = k;
      }
    }
    return best;
  }
}
