package org.dpcgan.eval.internal.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Which columns of a design (with an implicit intercept first) can be estimated, in the spirit of R's
 * {@code lm}, which marks a column aliased when it is a linear combination of the columns before it. A column is
 * <em>constant</em> when all its values are equal (aliased with the intercept) and <em>collinear</em> when its
 * squared multiple correlation with the kept columns before it exceeds 1 − {@value #TOLERANCE}; the regression
 * of each column on the kept ones is solved by commons-math3's {@link CholeskyDecomposition} of their
 * correlation matrix.
 */
final class Collinearity {
  /** 1 − R² below this is collinearity (a variance inflation factor above 10¹⁰). */
  static final double TOLERANCE = 1e-10;

  /** Whether a column is kept, constant, or a linear combination of earlier kept columns. */
  enum Status {
    KEPT,
    CONSTANT,
    COLLINEAR
  }

  private Collinearity() {}

  /** The status of each column of {@code x} (rows × columns, without the intercept). */
  static Status[] of(double[][] x) {
    int n = x.length;
    int q = n == 0 ? 0 : x[0].length;
    Status[] status = new Status[q];
    double[] mean = new double[q];
    double[] sd = new double[q];
    for (int j = 0; j < q; j++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double s = 0.0;
      for (double[] row : x) {
        lo = Math.min(lo, row[j]);
        hi = Math.max(hi, row[j]);
        s += row[j];
      }
      mean[j] = s / n;
      double ss = 0.0;
      for (double[] row : x) {
        ss += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
      sd[j] = Math.sqrt(ss / n);
      status[j] = n == 0 || lo == hi || !(sd[j] > 0.0) ? Status.CONSTANT : Status.KEPT;
    }
    double[][] corr = new double[q][q];
    for (double[] row : x) {
      for (int a = 0; a < q; a++) {
        if (status[a] != Status.KEPT) {
          continue;
        }
        double za = (row[a] - mean[a]) / sd[a];
        for (int b = a; b < q; b++) {
          if (status[b] == Status.KEPT) {
            corr[a][b] += za * (row[b] - mean[b]) / sd[b];
          }
        }
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < q; j++) {
      if (status[j] != Status.KEPT) {
        continue;
      }
      if (!kept.isEmpty() && 1.0 - explained(corr, kept, j, n) < TOLERANCE) {
        status[j] = Status.COLLINEAR;
      } else {
        kept.add(j);
      }
    }
    return status;
  }

  /** R² of column j regressed on the kept columns, from the (upper-triangular) sums of z-score products. */
  private static double explained(double[][] corr, List<Integer> kept, int j, int n) {
    int k = kept.size();
    double[][] r = new double[k][k];
    double[] c = new double[k];
    for (int a = 0; a < k; a++) {
      int ia = kept.get(a);
      c[a] = corr[ia][j] / n;
      for (int b = 0; b < k; b++) {
        int ib = kept.get(b);
        r[a][b] = (ia <= ib ? corr[ia][ib] : corr[ib][ia]) / n;
      }
    }
    double[] w =
        new CholeskyDecomposition(new Array2DRowRealMatrix(r, false), 1e-9, 1e-14)
            .getSolver()
            .solve(new ArrayRealVector(c, false))
            .toArray();
    double r2 = 0.0;
    for (int a = 0; a < k; a++) {
      r2 += w[a] * c[a];
    }
    return r2;
  }
}
