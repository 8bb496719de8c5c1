package org.dpcgan.core.testing;

/** Plain double-precision reference implementations of the losses, as loops over arrays. */
public final class ReferenceLosses {
  private ReferenceLosses() {}

  /** mean(dFake) − mean(dReal) over [B][1] scores. */
  public static double wassersteinCritic(double[][] dReal, double[][] dFake) {
    double r = 0;
    for (double[] row : dReal) {
      r += row[0] / dReal.length;
    }
    double f = 0;
    for (double[] row : dFake) {
      f += row[0] / dFake.length;
    }
    return f - r;
  }

  /**
   * CTGAN's conditional loss: (1/B) Σ_i Σ_j m_ij·(log Σ_k exp z_ik − z_i,target) over the blocks
   * {conditionOffset, outputOffset, width}.
   */
  public static double conditionalCrossEntropy(double[][] logits, double[][] cond, double[][] mask, int[][] blocks) {
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      for (int j = 0; j < blocks.length; j++) {
        int co = blocks[j][0];
        int oo = blocks[j][1];
        int w = blocks[j][2];
        int target = 0;
        for (int k = 1; k < w; k++) {
          if (cond[i][co + k] > cond[i][co + target]) {
            target = k;
          }
        }
        double sumExp = 0;
        for (int k = 0; k < w; k++) {
          sumExp += Math.exp(logits[i][oo + k]);
        }
        total += mask[i][j] * (Math.log(sumExp) - logits[i][oo + target]);
      }
    }
    return total / logits.length;
  }

  /**
   * Gradient-penalty value for a critic Linear → LeakyReLU → Dropout → Linear(1) (dropout given as a scaled
   * mask), computing ∇ₓD per row by the chain rule written out: g = ((1·W2ᵀ) ∘ mask ∘ slope) · W1ᵀ.
   */
  public static double gradientPenalty(double[][] x, double[][] w1, double[] b1, double slope,
      double[][] scaledMask, double[][] w2, double lambda) {
    double[][] h = ReferenceLayers.linear(x, w1, b1);
    int hidden = w1[0].length;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] dh = new double[hidden];
      for (int k = 0; k < hidden; k++) {
        dh[k] = w2[k][0] * scaledMask[i][k] * (h[i][k] > 0 ? 1 : slope);
      }
      double norm2 = 0;
      for (int f = 0; f < x[i].length; f++) {
        double gf = 0;
        for (int k = 0; k < hidden; k++) {
          gf += dh[k] * w1[f][k];
        }
        norm2 += gf * gf;
      }
      double d = Math.sqrt(norm2) - 1;
      total += lambda * d * d;
    }
    return total / x.length;
  }
}
