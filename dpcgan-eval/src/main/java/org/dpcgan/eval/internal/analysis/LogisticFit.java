package org.dpcgan.eval.internal.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Maximum-likelihood logistic regression by Fisher scoring (iteratively reweighted least squares; McCullagh
 * and Nelder 1989, §4.4): each step solves (XᵀWX) Δ = Xᵀ(y − p) with W = diag(p(1 − p)), and the standard
 * errors come from (XᵀWX)⁻¹ at the optimum. Every solve and the inverse are done by commons-math3's
 * {@link CholeskyDecomposition}; this class only accumulates XᵀWX and Xᵀ(y − p).
 *
 * <p>The predictors are centred and scaled to unit standard deviation inside the fit, which keeps XᵀWX well
 * conditioned whatever the columns' units; the coefficients and their covariance are mapped back to the
 * original units exactly (a linear change of parameters). Convergence as R's {@code glm}: relative change of
 * the deviance below {@value #TOLERANCE}, at most {@value #MAX_ITERATIONS} iterations.
 */
final class LogisticFit {
  static final double TOLERANCE = 1e-10;
  static final int MAX_ITERATIONS = 50;
  /** A fitted probability this close to 0 or 1 signals (quasi-)complete separation, as R's glm warns. */
  private static final double BOUNDARY = 1e-10;

  private LogisticFit() {}

  /**
   * Fits logit P(y = 1) = β₀ + Σ βⱼ xⱼ.
   *
   * @param x rows × predictors, without the intercept column; no constant column, full rank with the intercept
   * @param y 0 or 1, one per row
   */
  static Fit fit(double[][] x, double[] y) {
    int n = y.length;
    if (n == 0) {
      throw new IllegalArgumentException("a logistic fit needs at least one row");
    }
    int q = x[0].length;
    int p = q + 1;
    double[] mean = new double[q];
    double[] scale = new double[q];
    standardisation(x, mean, scale);
    double[][] z = new double[n][p];
    double ones = 0.0;
    for (int i = 0; i < n; i++) {
      z[i][0] = 1.0;
      for (int j = 0; j < q; j++) {
        z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
      }
      ones += y[i];
    }
    double[] b = new double[p];
    double share = Math.min(Math.max(ones / n, 1e-6), 1 - 1e-6);
    b[0] = Math.log(share / (1 - share));
    double[] eta = linear(z, b);
    double deviance = deviance(eta, y);
    boolean converged = false;
    RealMatrix information = null;
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      information = information(z, eta);
      double[] score = score(z, eta, y);
      double[] step;
      try {
        step = solver(information).solve(new ArrayRealVector(score, false)).toArray();
      } catch (NonPositiveDefiniteMatrixException e) {
        break; // weights vanished: the coefficients are running off to infinity (separation)
      }
      // Step halving, as R's glm.fit, guards against a deviance that increases or is not finite.
      double[] next = new double[p];
      double nextDeviance = Double.NaN;
      double[] nextEta = null;
      for (int half = 0; half < 30; half++) {
        double f = Math.scalb(1.0, -half);
        for (int j = 0; j < p; j++) {
          next[j] = b[j] + f * step[j];
        }
        nextEta = linear(z, next);
        nextDeviance = deviance(nextEta, y);
        if (Double.isFinite(nextDeviance) && nextDeviance <= deviance * (1 + 1e-12) + 1e-12) {
          break;
        }
      }
      b = next;
      eta = nextEta;
      double change = Math.abs(nextDeviance - deviance) / (Math.abs(nextDeviance) + 0.1);
      deviance = nextDeviance;
      if (change < TOLERANCE) {
        converged = true;
        break;
      }
    }
    information = information(z, eta);
    double[][] covZ;
    try {
      covZ = solver(information).getInverse().getData();
    } catch (NonPositiveDefiniteMatrixException e) {
      covZ = infinite(p);
      converged = false;
    }
    double[] fitted = new double[n];
    boolean boundary = false;
    for (int i = 0; i < n; i++) {
      fitted[i] = sigmoid(eta[i]);
      boundary |= fitted[i] < BOUNDARY || fitted[i] > 1 - BOUNDARY;
    }
    // Back to original units: β = A b with βⱼ = bⱼ / sⱼ and β₀ = b₀ − Σ bⱼ mⱼ / sⱼ; covariance A C Aᵀ.
    RealMatrix a = new Array2DRowRealMatrix(p, p);
    a.setEntry(0, 0, 1.0);
    for (int j = 0; j < q; j++) {
      a.setEntry(j + 1, j + 1, 1.0 / scale[j]);
      a.setEntry(0, j + 1, -mean[j] / scale[j]);
    }
    double[] beta = a.operate(b);
    double[][] covariance = a.multiply(new Array2DRowRealMatrix(covZ, false)).multiply(a.transpose()).getData();
    return new Fit(beta, covariance, fitted, converged, boundary);
  }

  private static DecompositionSolver solver(RealMatrix information) {
    return new CholeskyDecomposition(information, 1e-9, 1e-13).getSolver();
  }

  private static void standardisation(double[][] x, double[] mean, double[] scale) {
    int n = x.length;
    for (double[] row : x) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= n;
    }
    for (double[] row : x) {
      for (int j = 0; j < mean.length; j++) {
        double d = row[j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (int j = 0; j < mean.length; j++) {
      scale[j] = Math.sqrt(scale[j] / n);
      if (!(scale[j] > 0.0)) {
        throw new IllegalArgumentException("predictor " + j + " of the logistic fit is constant");
      }
    }
  }

  /** XᵀWX with W = p(1 − p), the Fisher information. */
  private static RealMatrix information(double[][] z, double[] eta) {
    int p = z[0].length;
    double[][] m = new double[p][p];
    for (int i = 0; i < z.length; i++) {
      double mu = sigmoid(eta[i]);
      double w = mu * (1 - mu);
      double[] row = z[i];
      for (int a = 0; a < p; a++) {
        double wa = w * row[a];
        double[] ma = m[a];
        for (int c = a; c < p; c++) {
          ma[c] += wa * row[c];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int c = 0; c < a; c++) {
        m[a][c] = m[c][a];
      }
    }
    return new Array2DRowRealMatrix(m, false);
  }

  /** Xᵀ(y − p), the gradient of the log-likelihood. */
  private static double[] score(double[][] z, double[] eta, double[] y) {
    int p = z[0].length;
    double[] g = new double[p];
    for (int i = 0; i < z.length; i++) {
      double r = y[i] - sigmoid(eta[i]);
      for (int j = 0; j < p; j++) {
        g[j] += r * z[i][j];
      }
    }
    return g;
  }

  private static double[] linear(double[][] z, double[] b) {
    double[] eta = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      double s = 0.0;
      for (int j = 0; j < b.length; j++) {
        s += z[i][j] * b[j];
      }
      eta[i] = s;
    }
    return eta;
  }

  /** −2 log-likelihood, computed stably from the linear predictor: log(1 + e^η) − yη per row. */
  private static double deviance(double[] eta, double[] y) {
    double d = 0.0;
    for (int i = 0; i < eta.length; i++) {
      double e = eta[i];
      double softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
      d += softplus - y[i] * e;
    }
    return 2.0 * d;
  }

  static double sigmoid(double eta) {
    return eta >= 0 ? 1.0 / (1.0 + Math.exp(-eta)) : Math.exp(eta) / (1.0 + Math.exp(eta));
  }

  private static double[][] infinite(int p) {
    double[][] c = new double[p][p];
    for (double[] row : c) {
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    return c;
  }
}
