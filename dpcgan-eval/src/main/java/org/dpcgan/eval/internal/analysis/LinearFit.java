package org.dpcgan.eval.internal.analysis;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Ordinary least squares with the classical standard errors σ̂²(XᵀX)⁻¹, σ̂² = RSS/(n − p), computed by
 * commons-math3's {@link OLSMultipleLinearRegression} (Householder QR of the design).
 */
final class LinearFit {
  private LinearFit() {}

  /**
   * Fits y = β₀ + Σ βⱼ xⱼ.
   *
   * @param x rows × predictors, without the intercept column; full column rank together with the intercept
   * @param y the outcome, one per row; more rows than coefficients
   */
  static Fit fit(double[][] x, double[] y) {
    int n = y.length;
    int p = (n == 0 ? 0 : x[0].length) + 1;
    if (n <= p) {
      throw new IllegalArgumentException(
          "a linear fit needs more rows than coefficients. Provided: " + n + " rows, " + p + " coefficients");
    }
    double[][] design = new double[n][p];
    for (int i = 0; i < n; i++) {
      design[i][0] = 1.0;
      System.arraycopy(x[i], 0, design[i], 1, p - 1);
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    // The intercept is column 0 of the design, so the coefficients come back in the same order as the terms.
    ols.setNoIntercept(true);
    ols.newSampleData(y, design);
    double[] beta = ols.estimateRegressionParameters();
    double[][] covariance = ols.estimateRegressionParametersVariance();
    double variance = ols.estimateErrorVariance();
    for (double[] row : covariance) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= variance;
      }
    }
    double[] fitted = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0.0;
      for (int j = 0; j < p; j++) {
        s += design[i][j] * beta[j];
      }
      fitted[i] = s;
    }
    return new Fit(beta, covariance, fitted, true, false);
  }
}
