package org.dpcgan.privacy.clipping;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-example weight gradient of a linear layer y = x·W (W of shape [in, out]) as a sum of rank-one
 * terms: example i's gradient is Σ_j a_{j,i}ᵀ δ_{j,i}, where a_{j,i} is row i of the layer inputs A_j
 * [B, in] and δ_{j,i} row i of the output gradients Δ_j [B, out] of term j (e.g. the real, fake and
 * gradient-penalty terms of a WGAN-GP critic loss).
 *
 * <p>Per-example squared norms use the Gram identity ‖Σ_j a_jᵀδ_j‖² = Σ_{j,k} (a_j·a_k)(δ_j·δ_k), row-wise
 * and vectorised (Goodfellow, "Efficient Per-Example Gradient Computations", 2015, for one term; Lee and
 * Kifer, "Scaling up Differentially Private Deep Learning with Fast Per-Example Gradient Clipping", 2021,
 * for several); the clipped sum is Σ_j A_jᵀ·diag(c)·Δ_j by GEMMs. No [B, in, out] tensor is formed.
 *
 * @param terms the factor pairs, at least one; all with the same B, in, out and data type
 */
public record FactoredGradient(List<Factor> terms) implements PerExampleGradient {

  /**
   * One rank-one term per example.
   *
   * @param inputs A [B, in], the layer's input for this term
   * @param outputGradients Δ [B, out], the loss gradient with respect to the layer's output for this term
   */
  public record Factor(INDArray inputs, INDArray outputGradients) {
    public Factor {
      if (inputs == null || outputGradients == null) {
        throw new IllegalArgumentException("Factor needs inputs and outputGradients, both non-null");
      }
      if (inputs.rank() != 2 || outputGradients.rank() != 2 || inputs.size(0) != outputGradients.size(0)) {
        throw new IllegalArgumentException("Factor needs inputs [B, in] and outputGradients [B, out] with the same B. "
            + "Provided: " + Arrays.toString(inputs.shape()) + " and " + Arrays.toString(outputGradients.shape()));
      }
      if (!inputs.dataType().isFPType() || inputs.dataType() != outputGradients.dataType()) {
        throw new IllegalArgumentException("Factor needs inputs and outputGradients of the same floating-point type. "
            + "Provided: " + inputs.dataType() + " and " + outputGradients.dataType());
      }
    }

    @Override
    public String toString() {
      return "Factor" + Arrays.toString(inputs.shape()) + "ᵀ·" + Arrays.toString(outputGradients.shape());
    }
  }

  public FactoredGradient {
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("FactoredGradient needs at least one term. Provided: " + terms);
    }
    Factor first = terms.get(0);
    for (Factor t : terms) {
      if (t == null) {
        throw new IllegalArgumentException("FactoredGradient terms must not be null");
      }
      if (!Arrays.equals(t.inputs().shape(), first.inputs().shape())
          || !Arrays.equals(t.outputGradients().shape(), first.outputGradients().shape())
          || t.inputs().dataType() != first.inputs().dataType()) {
        throw new IllegalArgumentException("all terms of a FactoredGradient need the same shapes and type. Provided: "
            + first + " " + first.inputs().dataType() + " and " + t + " " + t.inputs().dataType());
      }
    }
    terms = List.copyOf(terms);
  }

  /** A single-term factored gradient (one loss term). */
  public static FactoredGradient of(INDArray inputs, INDArray outputGradients) {
    return new FactoredGradient(List.of(new Factor(inputs, outputGradients)));
  }

  @Override
  public long batchSize() {
    return terms.get(0).inputs().size(0);
  }

  @Override
  public long[] parameterShape() {
    return new long[] {terms.get(0).inputs().size(1), terms.get(0).outputGradients().size(1)};
  }

  @Override
  public DataType dataType() {
    return terms.get(0).inputs().dataType();
  }

  /**
   * Per-example ‖g_i‖² in DOUBLE, from the factors' values in double so that float rounding cannot make a norm
   * smaller than it is. One term: (‖a_i‖·‖δ_i‖)². Several: the per-example Gram matrices of the inputs and of the
   * output gradients, [B, J, J] each by one batched matrix product, multiplied element-wise and summed — a handful
   * of array operations whatever the number of terms.
   */
  @Override
  public INDArray squaredNorms() {
    if (terms.size() == 1) {
      Factor t = terms.get(0);
      long b = batchSize();
      INDArray n = t.inputs().castTo(DataType.DOUBLE).norm2(1).reshape(b)
          .muli(t.outputGradients().castTo(DataType.DOUBLE).norm2(1).reshape(b));
      return n.muli(n);
    }
    INDArray[] as = new INDArray[terms.size()];
    INDArray[] ds = new INDArray[terms.size()];
    for (int j = 0; j < as.length; j++) {
      as[j] = terms.get(j).inputs().castTo(DataType.DOUBLE);
      ds[j] = terms.get(j).outputGradients().castTo(DataType.DOUBLE);
    }
    INDArray stackedInputs = Nd4j.stack(1, as); // [B, J, in]
    INDArray stackedGradients = Nd4j.stack(1, ds); // [B, J, out]
    INDArray gramInputs = Nd4j.matmul(stackedInputs, stackedInputs, false, true, false); // [B, J, J]
    INDArray gramGradients = Nd4j.matmul(stackedGradients, stackedGradients, false, true, false);
    return gramInputs.muli(gramGradients).sum(1, 2);
  }

  @Override
  public INDArray weightedSum(INDArray c) {
    INDArray column = c.castTo(dataType()).reshape(batchSize(), 1);
    long[] shape = parameterShape();
    // Uninitialised output (β = 0 on the first term): a zero-filled allocation would cost as much as the GEMM.
    Factor first = terms.get(0);
    INDArray sum = Nd4j.createUninitialized(dataType(), first.inputs().size(1), first.outputGradients().size(1));
    for (Factor t : terms) {
      INDArray scaled = t.outputGradients().mulColumnVector(column);
      Nd4j.gemm(t.inputs(), scaled, sum, true, false, 1.0, t == first ? 0.0 : 1.0);
    }
    return sum.reshape(shape);
  }

  @Override
  public FactoredGradient withoutExamples(boolean[] drop) {
    List<Factor> out = new java.util.ArrayList<>();
    for (Factor t : terms) {
      INDArray inputs = t.inputs().dup('c');
      INDArray grads = t.outputGradients().dup('c');
      for (int i = 0; i < drop.length; i++) {
        if (drop[i]) {
          inputs.getRow(i).assign(0);
          grads.getRow(i).assign(0);
        }
      }
      out.add(new Factor(inputs, grads));
    }
    return new FactoredGradient(out);
  }

  @Override
  public String toString() {
    return "FactoredGradient" + terms + " " + dataType();
  }
}
