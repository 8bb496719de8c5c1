package org.dpcgan.core.internal.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dpcgan.core.internal.exec.Matmul;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.nn.Cache;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Layer;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.LinearFactors;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.nn.PiecewiseLinear;
import org.dpcgan.core.internal.nn.Sequential.SequentialCache;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017) as CTGAN computes it (Xu et al. 2019): on interpolates
 * {@code x̂_i = ε_i·x_real,i + (1 − ε_i)·x_fake,i} (one row per pack, one ε per pack),
 * {@code GP = mean_i λ(‖∇ₓD(x̂_i)‖₂ − 1)²}.
 *
 * <p><b>Second-order path.</b> For a critic made of {@link Linear} and {@link PiecewiseLinear} layers
 * (LeakyReLU, ReLU, Dropout), {@code g = ∇ₓD} is obtained by a backward pass with output gradient 1, which
 * stores the output gradient {@code dy_l} of every layer. The penalty's gradient with respect to the weights
 * is then propagated through that backward graph in forward layer order, starting from
 * {@code ḡ = ∂GP/∂g}: for a Linear (whose backward is {@code dx = dy·Wᵀ}) {@code ∂GP/∂W += ḡᵀ·dy} and
 * {@code ḡ ← ḡ·W}; for a piecewise-linear layer with slopes s, {@code ḡ ← ḡ ∘ s} (s is piecewise constant, so
 * no further term). Biases get no penalty gradient (the slopes do not depend on them almost everywhere).
 *
 * <p>Per-example factors: pack i's penalty {@code ℓ_i = λ(‖g_i‖ − 1)²} (un-averaged) has weight gradient
 * {@code ḡ_iᵀ·dy_i} at each Linear, with {@code ḡ_i = 2λ(‖g_i‖ − 1)·g_i/‖g_i‖} propagated as above; they are
 * returned as weight-only {@link LinearFactors}, summing to {@code P ×} the returned parameter gradients.
 *
 * @param lambda the penalty weight λ (CTGAN: 10)
 */
public record GradientPenalty(double lambda) {
  /** CTGAN's penalty weight. */
  public static final double DEFAULT_LAMBDA = 10.0;

  /** Below this gradient norm the direction g/‖g‖ is taken as 0 (the norm's subgradient at 0). */
  private static final double MIN_NORM = 1e-30;

  public GradientPenalty {
    if (!Double.isFinite(lambda) || lambda < 0) {
      throw new IllegalArgumentException("lambda must be finite and >= 0. Provided value: " + lambda);
    }
  }

  /**
   * The penalty and what its gradients are made of. The weight gradients are products of the stored factors, made
   * only when asked for: a non-private step adds them to its other gradients ({@link #addTo}), a private step
   * needs only the per-pack factors. The factors are the arrays of the pass that computed them, so ask inside
   * the same workspace scope, if any.
   */
  public static final class Result {
    private final double value;
    private final List<LinearFactors> perExampleFactors;
    private final List<Parameter> parameters;
    private final List<Integer> weightPositions;
    private final INDArray gradientNorms;
    private final INDArray perExampleValues;
    private final SecondThread helper;

    private Result(double value, List<LinearFactors> perExampleFactors, List<Parameter> parameters,
        List<Integer> weightPositions, INDArray gradientNorms, INDArray perExampleValues, SecondThread helper) {
      this.helper = helper;
      this.value = value;
      this.perExampleFactors = List.copyOf(perExampleFactors);
      this.parameters = parameters;
      this.weightPositions = List.copyOf(weightPositions);
      this.gradientNorms = gradientNorms;
      this.perExampleValues = perExampleValues;
    }

    /** The mean penalty over packs. */
    public double value() {
      return value;
    }

    /** One weight-only {@link LinearFactors} per critic Linear (un-averaged, see the class comment). */
    public List<LinearFactors> perExampleFactors() {
      return perExampleFactors;
    }

    /** {@code ‖∇ₓD(x̂_i)‖₂} per pack [P]. */
    public INDArray gradientNorms() {
      return gradientNorms;
    }

    /** {@code λ(‖g_i‖ − 1)²} per pack [P]. */
    public INDArray perExampleValues() {
      return perExampleValues;
    }

    /**
     * Adds the gradient of {@link #value()} to {@code grads}, in place: {@code grads} is aligned with the
     * critic's parameters; each Linear's weight gets {@code (1/P)·Σ_i ḡ_iᵀ·dy_i} as one scaled product, the
     * biases nothing.
     */
    public void addTo(List<INDArray> grads) {
      if (grads.size() != parameters.size()) {
        throw new IllegalArgumentException("GradientPenalty.Result.addTo: needs one gradient per critic parameter ("
            + parameters.size() + "). Provided: " + grads.size());
      }
      double perPack = 1.0 / gradientNorms.length();
      for (int l = 0; l < perExampleFactors.size(); l++) {
        LinearFactors f = perExampleFactors.get(l);
        Matmul.addProduct(grads.get(weightPositions.get(l)), f.inputs(), f.outputGrads(), true, false, perPack,
            helper);
      }
    }

    /** The gradient of {@link #value()} for each critic parameter (zeros for biases), as new arrays. */
    public List<INDArray> parameterGrads() {
      List<INDArray> grads = new ArrayList<>(parameters.size());
      for (Parameter p : parameters) {
        grads.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
      }
      addTo(grads);
      return grads;
    }

    @Override
    public String toString() {
      return "GradientPenalty.Result[value=" + value + ", packs=" + gradientNorms.length() + "]";
    }
  }

  /**
   * Interpolates {@code x̂ = ε·real + (1 − ε)·fake} with one {@code ε ~ U(0, 1)} per row, drawn from
   * {@code rng}.
   */
  public INDArray interpolate(INDArray real, INDArray fake, RandomStream rng) {
    if (real == null || fake == null || real.rank() != 2 || !Arrays.equals(real.shape(), fake.shape())
        || real.dataType() != fake.dataType()) {
      throw new IllegalArgumentException("GradientPenalty.interpolate: real and fake must both be [P, F] of one"
          + " dtype. Provided: real " + describe(real) + ", fake " + describe(fake));
    }
    INDArray eps = rng.uniform(real.dataType(), real.size(0), 1);
    return real.sub(fake).muliColumnVector(eps).addi(fake);
  }

  /**
   * Computes the penalty on {@code interpolates [P, F]} for {@code critic}, with a TRAINING forward pass
   * (dropout masks drawn from {@code rng}).
   *
   * @throws IllegalStateException if the critic has a layer other than Linear or a piecewise-linear layer
   */
  public Result compute(Sequential critic, INDArray interpolates, RandomStream rng) {
    return compute(critic, interpolates, rng, SecondThread.none());
  }

  /** {@link #compute(Sequential, INDArray, RandomStream)} with its large products and loops split on {@code helper}. */
  public Result compute(Sequential critic, INDArray interpolates, RandomStream rng, SecondThread helper) {
    List<Layer> layers = critic.layers();
    for (Layer layer : layers) {
      if (!(layer instanceof Linear) && !(layer instanceof PiecewiseLinear)) {
        throw new IllegalStateException("GradientPenalty supports critics of Linear, LeakyReLU, ReLU and Dropout"
            + " layers only. Provided layer: " + layer);
      }
    }
    Forward forward = critic.forward(interpolates, Mode.TRAINING, rng);
    INDArray out = forward.output();
    if (out.size(1) != 1) {
      throw new IllegalArgumentException(critic.name() + ": GradientPenalty needs a critic output of shape [P, 1]."
          + " Provided: " + describe(out));
    }
    List<Cache> caches = ((SequentialCache) forward.cache()).caches();
    long packs = interpolates.size(0);

    // First-order backward with output gradient 1, keeping every layer's output gradient dy.
    INDArray[] dys = new INDArray[layers.size()];
    INDArray g = Nd4j.ones(out.dataType(), out.shape());
    for (int i = layers.size() - 1; i >= 0; i--) {
      dys[i] = g;
      Layer layer = layers.get(i);
      g = layer instanceof Linear linear ? linear.inputGradient(g) : layer.backward(g, caches.get(i)).inputGrad();
    }

    INDArray norms = Transforms.sqrt(Matmul.rowDots(g, g, helper).reshape(packs, 1), false);   // [P, 1]
    INDArray deviation = norms.sub(1.0);                                  // ‖g‖ − 1
    INDArray perExample = deviation.mul(deviation).muli(lambda);          // λ(‖g‖ − 1)²
    double value = perExample.meanNumber().doubleValue();
    // ḡ_i = 2λ(‖g_i‖ − 1)·g_i/‖g_i‖ (un-averaged; the mean's gradient is ḡ/P).
    INDArray coef = deviation.muli(2.0 * lambda).divi(Transforms.max(norms, MIN_NORM, true));
    INDArray gbar = g.muliColumnVector(coef);

    List<LinearFactors> factors = new ArrayList<>();
    List<Integer> weightPositions = new ArrayList<>();
    int position = 0;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Linear linear) {
        factors.add(LinearFactors.weightOnly(gbar, dys[i]));
        weightPositions.add(position);   // a Linear's parameters are its weight, then its bias
        if (i < layers.size() - 1) {
          gbar = Matmul.product(gbar, linear.weight(), false, false, helper);
        }
      } else {
        gbar = gbar.mul(((PiecewiseLinear) layer).slopes(caches.get(i)));
      }
      position += layer.parameters().size();
    }
    return new Result(value, factors, critic.parameters(), weightPositions, norms.reshape(packs),
        perExample.reshape(packs), helper);
  }

  private static String describe(INDArray a) {
    return a == null ? "null" : a.dataType() + Arrays.toString(a.shape());
  }

  @Override
  public String toString() {
    return "GradientPenalty[λ=" + lambda + "]";
  }
}
