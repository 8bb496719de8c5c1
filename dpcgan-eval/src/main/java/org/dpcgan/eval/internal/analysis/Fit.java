package org.dpcgan.eval.internal.analysis;

/**
 * One fitted regression: coefficients (the intercept first), their covariance, and whether the fit converged.
 *
 * @param beta coefficients, {@code beta[0]} the intercept
 * @param covariance estimated covariance of {@code beta}
 * @param fitted fitted values (linear) or fitted probabilities (logistic), one per row
 * @param converged false when the iterative fit stopped before converging (logistic only)
 * @param boundary true when some fitted probability is numerically 0 or 1 (logistic only: separation)
 */
record Fit(double[] beta, double[][] covariance, double[] fitted, boolean converged, boolean boundary) {
  /** Standard error of coefficient {@code j}. */
  double standardError(int j) {
    return Math.sqrt(covariance[j][j]);
  }

  @Override
  public String toString() {
    return "Fit[" + beta.length + " coefficients, converged=" + converged + "]";
  }
}
