package org.dpcgan.core.internal.nn;

import java.util.List;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable function of a {@code [B, in]} matrix with hand-written forward and backward passes.
 *
 * <p>{@code forward} never modifies its input. {@code backward} never modifies its output gradient or the cache,
 * so a cache can be back-propagated more than once (the gradient penalty does). The gradients it returns are
 * fresh arrays that the caller may modify in place.
 */
public interface Layer {
  /** The name used in error messages and parameter names. */
  String name();

  /**
   * Computes the output for {@code input [B, in]}.
   *
   * @param rng source of the layer's randomness (dropout masks, Gumbel noise); may be {@code null} for layers
   *     that draw nothing in {@code mode}
   */
  Forward forward(INDArray input, Mode mode, RandomStream rng);

  /** Back-propagates {@code outputGrad [B, out]} through the forward pass that produced {@code cache}. */
  Backward backward(INDArray outputGrad, Cache cache);

  /**
   * The parameter gradients of {@link #backward}, for a first layer whose input needs no gradient: layers that
   * can skip work for the input gradient (the input-gradient GEMM of a {@link Linear}) do.
   */
  default List<INDArray> parameterGradients(INDArray outputGrad, Cache cache) {
    return backward(outputGrad, cache).parameterGrads();
  }

  /** The trainable parameters, in a fixed order (possibly empty). */
  List<Parameter> parameters();

  /** The output width for a given input width; throws {@link IllegalArgumentException} if the width is wrong. */
  long outputWidth(long inputWidth);
}
