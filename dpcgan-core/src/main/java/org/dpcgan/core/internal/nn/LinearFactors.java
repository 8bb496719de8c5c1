package org.dpcgan.core.internal.nn;

import java.util.Arrays;
import java.util.Objects;
import org.dpcgan.core.internal.exec.Matmul;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-example gradients of one {@link Linear} layer in factored form (Goodfellow 2015, "Efficient per-example
 * gradient computations"): example i's weight gradient is the outer product {@code a_iᵀ·δ_i}
 * ({@code a_i} = row i of {@code inputs [B, in]}, {@code δ_i} = row i of {@code outputGrads [B, out]}) and, when
 * {@code biasIncluded}, its bias gradient is {@code δ_i}. Terms that touch only the weight (the gradient
 * penalty's second-order term) have {@code biasIncluded = false}.
 *
 * <p>Several terms of the same layer and the same examples (real, fake and penalty terms of a critic step) are
 * handed to the privacy module as one {@code FactoredGradient}, which computes norms and clipped sums: the per-row
 * norm has one implementation, there.
 */
public record LinearFactors(INDArray inputs, INDArray outputGrads, boolean biasIncluded) {
  public LinearFactors {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(outputGrads, "outputGrads");
    if (inputs.rank() != 2 || outputGrads.rank() != 2 || inputs.size(0) != outputGrads.size(0)
        || inputs.dataType() != outputGrads.dataType()) {
      throw new IllegalArgumentException("LinearFactors: inputs [B, in] and outputGrads [B, out] must share B and"
          + " dtype. Provided: inputs " + Shapes.describe(inputs) + ", outputGrads " + Shapes.describe(outputGrads));
    }
  }

  /** Factors of a term that contributes to both weight ({@code a_iᵀδ_i}) and bias ({@code δ_i}). */
  public LinearFactors(INDArray inputs, INDArray outputGrads) {
    this(inputs, outputGrads, true);
  }

  /** Factors of a term that contributes only to the weight. */
  public static LinearFactors weightOnly(INDArray inputs, INDArray outputGrads) {
    return new LinearFactors(inputs, outputGrads, false);
  }

  /** The number of examples B. */
  public long batchSize() {
    return inputs.size(0);
  }

  /** The summed weight gradient {@code Σ_i a_iᵀδ_i = Aᵀ·Δ} [in, out]. */
  public INDArray weightGradient() {
    return Matmul.product(inputs, outputGrads, true, false);
  }

  /** The summed bias gradient {@code Σ_i δ_i} [out] (zeros when the bias is not included). */
  public INDArray biasGradient() {
    return biasIncluded ? outputGrads.sum(0) : Nd4j.zeros(outputGrads.dataType(), outputGrads.size(1));
  }

  /** Per-example weight gradients materialised as {@code [B, in, out]}; memory-hungry, meant for tests. */
  public INDArray materializeWeightGradients() {
    long b = batchSize();
    long in = inputs.size(1);
    long out = outputGrads.size(1);
    INDArray a = inputs.reshape('c', b, in, 1).broadcast(b, in, out);
    INDArray d = outputGrads.reshape('c', b, 1, out).broadcast(b, in, out);
    return a.mul(d);
  }

  /** Per-example bias gradients {@code [B, out]} (zeros when the bias is not included). */
  public INDArray materializeBiasGradients() {
    return biasIncluded ? outputGrads.dup() : Nd4j.zeros(outputGrads.dataType(), outputGrads.shape());
  }

  @Override
  public String toString() {
    return "LinearFactors[inputs=" + Arrays.toString(inputs.shape()) + ", outputGrads="
        + Arrays.toString(outputGrads.shape()) + (biasIncluded ? "" : ", weight only") + "]";
  }
}
