package org.dpcgan.privacy.clipping;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One parameter's gradient for each of B examples, in a form that allows per-example norms and clipping. */
public sealed interface PerExampleGradient permits FactoredGradient, DenseGradient {

  /** Number of examples B. */
  long batchSize();

  /** Shape of the parameter (and of the summed gradient). */
  long[] parameterShape();

  /** Data type of the gradient arrays. */
  DataType dataType();

  /** ‖g_i‖² for each example, shape [B], in DOUBLE (computed in double, whatever {@link #dataType()}). */
  INDArray squaredNorms();

  /** Σ_i c_i g_i for per-example factors {@code c} of shape [B] (any floating-point type). */
  INDArray weightedSum(INDArray c);

  /** A copy whose examples {@code drop[i]} have a zero gradient (for terms that are not finite). */
  PerExampleGradient withoutExamples(boolean[] drop);
}
