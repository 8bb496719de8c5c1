package org.dpcgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-example gradient norms and weighted sums from {@link LinearFactors}, without materialising per-example
 * gradients (Goodfellow 2015; Rochette, Manoel and Tramel 2019) — the pieces of a DP-SGD step (Abadi et al.
 * 2016): norms for clipping, then the clipped sum {@code Σ_i c_i·g_i} with {@code c_i = min(1, C/‖g_i‖)}.
 *
 * <p>For one layer, example i's gradient may be a sum of several terms {@code Σ_j a_{ij}ᵀδ_{ij}} (real, fake and
 * penalty terms). Its squared Frobenius norm follows from the Gram identity
 * {@code ‖Σ_j a_jᵀδ_j‖² = Σ_{j,k} (a_j·a_k)(δ_j·δ_k)}, computed row-wise for all examples at once; the bias
 * part is {@code ‖Σ_j δ_j‖²} over the terms that include the bias.
 */
public final class PerExampleGradients {
  private PerExampleGradients() {}

  /**
   * Squared L2 norms [B] of the per-example gradient (weight and bias) of one layer whose example-i gradient is
   * the sum of the given terms.
   */
  public static INDArray squaredNorms(List<LinearFactors> terms) {
    requireTerms(terms);
    int n = terms.size();
    INDArray total = null;
    for (int j = 0; j < n; j++) {
      for (int k = j; k < n; k++) {
        INDArray aa = Matmul.rowDots(terms.get(j).inputs(), terms.get(k).inputs());
        INDArray dd = Matmul.rowDots(terms.get(j).outputGrads(), terms.get(k).outputGrads());
        INDArray product = aa.muli(dd);
        if (k != j) {
          product.muli(2.0);
        }
        total = total == null ? product : total.addi(product);
      }
    }
    INDArray biasSum = null;
    for (LinearFactors t : terms) {
      if (t.biasIncluded()) {
        biasSum = biasSum == null ? t.outputGrads().dup() : biasSum.addi(t.outputGrads());
      }
    }
    if (biasSum != null) {
      total.addi(Matmul.rowDots(biasSum, biasSum));
    }
    return total;
  }

  /** Squared L2 norms [B] of the per-example gradient over several layers: the sum of each layer's norms. */
  public static INDArray totalSquaredNorms(List<List<LinearFactors>> termsPerLayer) {
    if (termsPerLayer == null || termsPerLayer.isEmpty()) {
      throw new IllegalArgumentException("totalSquaredNorms needs at least one layer. Provided: " + termsPerLayer);
    }
    INDArray total = null;
    for (List<LinearFactors> terms : termsPerLayer) {
      INDArray n = squaredNorms(terms);
      total = total == null ? n : total.addi(n);
    }
    return total;
  }

  /**
   * The weighted weight gradient {@code Σ_i c_i·Σ_j a_{ij}ᵀδ_{ij} = Σ_j A_jᵀ·diag(c)·Δ_j} [in, out]: one GEMM
   * per term, accumulated into one output.
   *
   * @param weights c [B] (e.g. clipping factors)
   */
  public static INDArray weightedWeightGradient(List<LinearFactors> terms, INDArray weights) {
    requireTerms(terms);
    LinearFactors first = terms.get(0);
    INDArray c = column(weights, first.batchSize(), first.inputs());
    INDArray out = null;
    for (LinearFactors t : terms) {
      INDArray scaled = t.outputGrads().mulColumnVector(c);
      out = out == null ? Matmul.product(t.inputs(), scaled, true, false)
          : Matmul.addProduct(out, t.inputs(), scaled, true, false);
    }
    return out;
  }

  /** The weighted bias gradient {@code Σ_i c_i·Σ_{j with bias} δ_{ij}} [out]. */
  public static INDArray weightedBiasGradient(List<LinearFactors> terms, INDArray weights) {
    requireTerms(terms);
    LinearFactors first = terms.get(0);
    INDArray c = column(weights, first.batchSize(), first.inputs());
    INDArray out = null;
    for (LinearFactors t : terms) {
      if (t.biasIncluded()) {
        // Δ_jᵀ·c: one gemv instead of a scaled copy of Δ_j and a column reduction.
        INDArray sums = Matmul.weightedColumnSums(t.outputGrads(), c);
        out = out == null ? sums : out.addi(sums);
      }
    }
    return out == null ? Nd4j.zeros(first.outputGrads().dataType(), first.outputGrads().size(1)) : out;
  }

  /**
   * The weighted gradients of a stack of Linear layers, {@code [W_0, b_0, W_1, b_1, …]} — aligned with the
   * {@code parameters()} of a critic made of Linear and piecewise-linear layers — from each layer's terms.
   */
  public static List<INDArray> weightedGradients(List<List<LinearFactors>> termsPerLayer, INDArray weights) {
    if (termsPerLayer == null || termsPerLayer.isEmpty()) {
      throw new IllegalArgumentException("weightedGradients needs at least one layer. Provided: " + termsPerLayer);
    }
    List<INDArray> out = new java.util.ArrayList<>(2 * termsPerLayer.size());
    for (List<LinearFactors> terms : termsPerLayer) {
      out.add(weightedWeightGradient(terms, weights));
      out.add(weightedBiasGradient(terms, weights));
    }
    return out;
  }

  private static INDArray column(INDArray weights, long batch, INDArray like) {
    if (weights == null || weights.length() != batch || weights.dataType() != like.dataType()) {
      throw new IllegalArgumentException("weights must be a vector of " + batch + " values of dtype "
          + like.dataType() + ". Provided: " + Shapes.describe(weights));
    }
    return weights.reshape(batch, 1);
  }

  private static void requireTerms(List<LinearFactors> terms) {
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("needs at least one LinearFactors term. Provided: " + terms);
    }
    LinearFactors first = terms.get(0);
    for (LinearFactors t : terms) {
      if (t.inputs().size(0) != first.inputs().size(0) || t.inputs().size(1) != first.inputs().size(1)
          || t.outputGrads().size(1) != first.outputGrads().size(1)
          || t.inputs().dataType() != first.inputs().dataType()) {
        throw new IllegalArgumentException("all terms must have the shapes of the first term " + first
            + ". Provided: " + t);
      }
    }
  }
}
