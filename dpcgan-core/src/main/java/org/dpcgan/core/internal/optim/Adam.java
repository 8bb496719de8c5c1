package org.dpcgan.core.internal.optim;

import java.util.List;
import org.dpcgan.core.internal.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam with decoupled weight decay, AdamW (Kingma and Ba 2015; Loshchilov and Hutter 2019), exactly as
 * PyTorch's {@code torch.optim.AdamW}: at step t, {@code θ ← θ − lr·wd·θ}, {@code m ← β1·m + (1 − β1)·g},
 * {@code v ← β2·v + (1 − β2)·g²}, {@code θ ← θ − lr·(m/(1 − β1ᵗ))/(√(v/(1 − β2ᵗ)) + eps)}.
 *
 * @param lr learning rate, finite and > 0
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param eps denominator constant, finite and > 0
 * @param weightDecay decoupled weight decay, finite and >= 0
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
  public Adam {
    if (!Double.isFinite(lr) || lr <= 0) {
      throw new IllegalArgumentException("lr must be finite and > 0. Provided value: " + lr);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1). Provided value: " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1). Provided value: " + beta2);
    }
    if (!Double.isFinite(eps) || eps <= 0) {
      throw new IllegalArgumentException("eps must be finite and > 0. Provided value: " + eps);
    }
    if (!Double.isFinite(weightDecay) || weightDecay < 0) {
      throw new IllegalArgumentException("weightDecay must be finite and >= 0. Provided value: " + weightDecay);
    }
  }

  /** CTGAN's settings: lr 2e-4, betas (0.5, 0.9), eps 1e-8, weight decay 1e-6. */
  public static Adam ctganDefaults() {
    return new Adam(2e-4, 0.5, 0.9, 1e-8, 1e-6);
  }

  /** Fresh state (zero moments, step 0) for training {@code parameters} in place. */
  public AdamState newState(List<Parameter> parameters) {
    return new AdamState(this, parameters);
  }

  /**
   * State continuing a saved run: the moments (in {@link AdamState#moments()} order, copied) and step count
   * of an earlier {@link AdamState} over parameters of the same names, shapes and dtypes.
   */
  public AdamState restoreState(List<Parameter> parameters, List<INDArray> moments, long steps) {
    AdamState state = new AdamState(this, parameters);
    state.restore(moments, steps);
    return state;
  }

  @Override
  public String toString() {
    return "Adam[lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weightDecay="
        + weightDecay + "]";
  }
}
