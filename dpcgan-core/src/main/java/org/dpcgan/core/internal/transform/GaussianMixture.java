package org.dpcgan.core.internal.transform;

import java.util.Arrays;
import java.util.Locale;

/**
 * A one-dimensional Gaussian mixture: the modes of a numeric column. Weights sum to 1; every standard
 * deviation is finite and {@code > 0}.
 *
 * @param weights mixing weights, one per mode
 * @param means mode means
 * @param stds mode standard deviations
 */
public record GaussianMixture(double[] weights, double[] means, double[] stds) {

  public GaussianMixture {
    if (weights == null || means == null || stds == null) {
      throw new IllegalArgumentException("weights, means and stds must be non-null");
    }
    if (weights.length == 0 || weights.length != means.length || weights.length != stds.length) {
      throw new IllegalArgumentException(
          "weights, means and stds must have the same length >= 1. Provided lengths: " + weights.length + ", "
              + means.length + ", " + stds.length);
    }
    double sum = 0;
    for (int k = 0; k < weights.length; k++) {
      if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("mixture weights must be finite and >= 0. Provided value: " + weights[k]);
      }
      if (!Double.isFinite(means[k])) {
        throw new IllegalArgumentException("mixture means must be finite. Provided value: " + means[k]);
      }
      if (!(stds[k] > 0) || !Double.isFinite(stds[k])) {
        throw new IllegalArgumentException("mixture stds must be finite and > 0. Provided value: " + stds[k]);
      }
      sum += weights[k];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("mixture weights must not all be 0");
    }
    weights = weights.clone();
    for (int k = 0; k < weights.length; k++) {
      weights[k] /= sum;
    }
    means = means.clone();
    stds = stds.clone();
  }

  /** Number of modes. */
  public int size() {
    return weights.length;
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] means() {
    return means.clone();
  }

  @Override
  public double[] stds() {
    return stds.clone();
  }

  double weight(int k) {
    return weights[k];
  }

  double mean(int k) {
    return means[k];
  }

  double std(int k) {
    return stds[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GaussianMixture g
        && Arrays.equals(weights, g.weights) && Arrays.equals(means, g.means) && Arrays.equals(stds, g.stds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(weights) + Arrays.hashCode(means)) + Arrays.hashCode(stds);
  }

  @Override
  public String toString() {
    var sb = new StringBuilder("GaussianMixture[");
    for (int k = 0; k < weights.length; k++) {
      if (k > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%.3f·N(%.4g, %.4g²)", weights[k], means[k], stds[k]));
    }
    return sb.append(']').toString();
  }
}
