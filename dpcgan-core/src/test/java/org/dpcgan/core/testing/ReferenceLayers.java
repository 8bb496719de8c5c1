package org.dpcgan.core.testing;

/**
 * Plain double-precision reference implementations of the layers, written as loops over {@code double[][]}
 * straight from the defining formulas; the ND4J layers must match them.
 */
public final class ReferenceLayers {
  private ReferenceLayers() {}

  /** Gradients of a layer: input gradient and parameter gradients (in the layer's parameter order). */
  public record Grads(double[][] input, double[][]... params) {}

  // ----- Linear: y = xW + b

  public static double[][] linear(double[][] x, double[][] w, double[] b) {
    int rows = x.length;
    int in = w.length;
    int out = w[0].length;
    double[][] y = new double[rows][out];
    for (int i = 0; i < rows; i++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int k = 0; k < in; k++) {
          s += x[i][k] * w[k][o];
        }
        y[i][o] = s;
      }
    }
    return y;
  }

  /** dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_rows dy. */
  public static Grads linearBackward(double[][] x, double[][] w, double[][] dy) {
    int rows = x.length;
    int in = w.length;
    int out = w[0].length;
    double[][] dx = new double[rows][in];
    double[][] dw = new double[in][out];
    double[][] db = new double[1][out];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < in; k++) {
        for (int o = 0; o < out; o++) {
          dx[i][k] += dy[i][o] * w[k][o];
          dw[k][o] += x[i][k] * dy[i][o];
        }
      }
      for (int o = 0; o < out; o++) {
        db[0][o] += dy[i][o];
      }
    }
    return new Grads(dx, dw, db);
  }

  // ----- BatchNorm1d

  /** Column means. */
  public static double[] mean(double[][] x) {
    double[] m = new double[x[0].length];
    for (double[] row : x) {
      for (int j = 0; j < m.length; j++) {
        m[j] += row[j] / x.length;
      }
    }
    return m;
  }

  /** Column variances with divisor B (biased). */
  public static double[] biasedVariance(double[][] x) {
    double[] m = mean(x);
    double[] v = new double[m.length];
    for (double[] row : x) {
      for (int j = 0; j < m.length; j++) {
        v[j] += (row[j] - m[j]) * (row[j] - m[j]) / x.length;
      }
    }
    return v;
  }

  /** y = γ(x − μ)/√(σ² + eps) + β with the given statistics. */
  public static double[][] batchNorm(double[][] x, double[] mean, double[] var, double[] gamma, double[] beta,
      double eps) {
    double[][] y = new double[x.length][mean.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        y[i][j] = gamma[j] * (x[i][j] - mean[j]) / Math.sqrt(var[j] + eps) + beta[j];
      }
    }
    return y;
  }

  /**
   * Backward of training-mode batch norm, from the chain rule written out per feature j:
   * {@code dx_ij = γ_j/σ_j·(dy_ij − (1/B)Σ_k dy_kj − x̂_ij·(1/B)Σ_k dy_kj·x̂_kj)}, {@code dγ_j = Σ_i dy_ij·x̂_ij},
   * {@code dβ_j = Σ_i dy_ij}, with {@code σ_j = √(var_j + eps)}.
   */
  public static Grads batchNormTrainingBackward(double[][] x, double[] gamma, double eps, double[][] dy) {
    int rows = x.length;
    int f = gamma.length;
    double[] mean = mean(x);
    double[] var = biasedVariance(x);
    double[][] dx = new double[rows][f];
    double[][] dGamma = new double[1][f];
    double[][] dBeta = new double[1][f];
    for (int j = 0; j < f; j++) {
      double sigma = Math.sqrt(var[j] + eps);
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int i = 0; i < rows; i++) {
        double xhat = (x[i][j] - mean[j]) / sigma;
        sumDy += dy[i][j];
        sumDyXhat += dy[i][j] * xhat;
      }
      dGamma[0][j] = sumDyXhat;
      dBeta[0][j] = sumDy;
      for (int i = 0; i < rows; i++) {
        double xhat = (x[i][j] - mean[j]) / sigma;
        dx[i][j] = gamma[j] / sigma * (dy[i][j] - sumDy / rows - xhat * sumDyXhat / rows);
      }
    }
    return new Grads(dx, dGamma, dBeta);
  }

  /** Backward of inference-mode batch norm with fixed statistics. */
  public static Grads batchNormInferenceBackward(double[][] x, double[] mean, double[] var, double[] gamma,
      double eps, double[][] dy) {
    int f = gamma.length;
    double[][] dx = new double[x.length][f];
    double[][] dGamma = new double[1][f];
    double[][] dBeta = new double[1][f];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < f; j++) {
        double sigma = Math.sqrt(var[j] + eps);
        dx[i][j] = dy[i][j] * gamma[j] / sigma;
        dGamma[0][j] += dy[i][j] * (x[i][j] - mean[j]) / sigma;
        dBeta[0][j] += dy[i][j];
      }
    }
    return new Grads(dx, dGamma, dBeta);
  }

  // ----- element-wise layers

  public static double[][] leakyRelu(double[][] x, double slope) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        y[i][j] = x[i][j] > 0 ? x[i][j] : slope * x[i][j];
      }
    }
    return y;
  }

  public static double[][] leakyReluBackward(double[][] x, double slope, double[][] dy) {
    double[][] dx = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      dx[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        dx[i][j] = x[i][j] > 0 ? dy[i][j] : slope * dy[i][j];
      }
    }
    return dx;
  }

  /** ReLU is LeakyReLU with slope 0. */
  public static double[][] relu(double[][] x) {
    return leakyRelu(x, 0.0);
  }

  public static double[][] reluBackward(double[][] x, double[][] dy) {
    return leakyReluBackward(x, 0.0, dy);
  }

  /** Inverted dropout with a given keep-mask (0/1): y = x·mask/(1 − p). */
  public static double[][] dropout(double[][] x, double[][] keep, double p) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        y[i][j] = x[i][j] * keep[i][j] / (1 - p);
      }
    }
    return y;
  }

  public static double[][] tanh(double[][] x) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        y[i][j] = Math.tanh(x[i][j]);
      }
    }
    return y;
  }

  public static double[][] tanhBackward(double[][] x, double[][] dy) {
    double[][] dx = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      dx[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        double t = Math.tanh(x[i][j]);
        dx[i][j] = dy[i][j] * (1 - t * t);
      }
    }
    return dx;
  }

  /** Concatenation along features: [a, b]. */
  public static double[][] concat(double[][] a, double[][] b) {
    double[][] y = new double[a.length][a[0].length + b[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, y[i], 0, a[i].length);
      System.arraycopy(b[i], 0, y[i], a[i].length, b[i].length);
    }
    return y;
  }

  // ----- output heads

  /**
   * Soft Gumbel-softmax of one span given the Gumbel noise: softmax((x + g)/τ) per row, computed naively in
   * double (fine for the small logits of tests).
   */
  public static double[][] gumbelSoftmax(double[][] x, double[][] noise, double tau) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      int w = x[i].length;
      y[i] = new double[w];
      double sum = 0;
      for (int j = 0; j < w; j++) {
        y[i][j] = Math.exp((x[i][j] + noise[i][j]) / tau);
        sum += y[i][j];
      }
      for (int j = 0; j < w; j++) {
        y[i][j] /= sum;
      }
    }
    return y;
  }

  /** One-hot of each row's argmax. */
  public static double[][] oneHotArgmax(double[][] s) {
    double[][] y = new double[s.length][];
    for (int i = 0; i < s.length; i++) {
      y[i] = new double[s[i].length];
      int best = 0;
      for (int j = 1; j < s[i].length; j++) {
        if (s[i][j] > s[i][best]) {
          best = j;
        }
      }
      y[i][best] = 1;
    }
    return y;
  }

  /** Backward of softmax((x + g)/τ) from its output s: dx_j = (1/τ)·Σ_k dy_k·s_k·(δ_jk − s_j). */
  public static double[][] gumbelSoftmaxBackward(double[][] s, double tau, double[][] dy) {
    double[][] dx = new double[s.length][];
    for (int i = 0; i < s.length; i++) {
      int w = s[i].length;
      dx[i] = new double[w];
      for (int j = 0; j < w; j++) {
        double sum = 0;
        for (int k = 0; k < w; k++) {
          double jacobian = s[i][k] * ((j == k ? 1 : 0) - s[i][j]);
          sum += dy[i][k] * jacobian;
        }
        dx[i][j] = sum / tau;
      }
    }
    return dx;
  }

  // ----- helpers

  /** Columns [from, to) of x. */
  public static double[][] columns(double[][] x, int from, int to) {
    double[][] y = new double[x.length][to - from];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], from, y[i], 0, to - from);
    }
    return y;
  }

  public static double[] row(double[][] x) {
    return x[0];
  }
}
