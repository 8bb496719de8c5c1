package org.dpcgan.core.internal.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied one after the other. Parameters are the layers' parameters concatenated in layer order, and
 * {@link Backward#parameterGrads()} follows the same order.
 *
 * <p>{@link #backwardPerExample} gives per-example gradients in factored form for a stack of {@link Linear} and
 * {@link PiecewiseLinear} layers (the critic), as DP-SGD (Abadi et al. 2016) needs.
 */
public final class Sequential implements Layer {
  /** The caches of the layers, in layer order. */
  public record SequentialCache(List<Cache> caches) implements Cache {
    public SequentialCache {
      caches = Collections.unmodifiableList(caches);
    }

    @Override
    public String toString() {
      return "SequentialCache[" + caches.size() + " layers]";
    }
  }

  /**
   * Input gradient and per-example factors of every {@link Linear}, in layer order.
   *
   * @param inputGrad gradient with respect to the input [B, in] (null from {@link #perExampleFactors})
   * @param factors one {@link LinearFactors} per Linear layer, in layer order
   */
  public record PerExampleBackward(INDArray inputGrad, List<LinearFactors> factors) {
    public PerExampleBackward {
      factors = List.copyOf(factors);   // inputGrad may be null when it was not asked for
    }

    @Override
    public String toString() {
      return "PerExampleBackward[inputGrad=" + Shapes.describe(inputGrad) + ", linears=" + factors.size() + "]";
    }
  }

  private final String name;
  private final List<Layer> layers;
  private final List<Parameter> parameters;

  public Sequential(List<Layer> layers) {
    this("sequential", layers);
  }

  public Sequential(String name, List<Layer> layers) {
    this.name = Shapes.name(name);
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs at least one layer. Provided: " + layers);
    }
    this.layers = List.copyOf(layers);
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : this.layers) {
      all.addAll(layer.parameters());
    }
    this.parameters = List.copyOf(all);
  }

  @Override
  public String name() {
    return name;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** The {@link Linear} layers, in layer order (the order of {@link PerExampleBackward#factors()}). */
  public List<Linear> linears() {
    List<Linear> out = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof Linear linear) {
        out.add(linear);
      }
    }
    return out;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    List<Cache> caches = new ArrayList<>(layers.size());
    INDArray x = input;
    for (Layer layer : layers) {
      Forward f = layer.forward(x, mode, rng);
      caches.add(f.cache());
      x = f.output();
    }
    return new Forward(x, new SequentialCache(caches));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    List<Cache> caches = caches(cache);
    List<List<INDArray>> grads = new ArrayList<>(Collections.nCopies(layers.size(), null));
    INDArray g = outputGrad;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Backward b = layers.get(i).backward(g, caches.get(i));
      grads.set(i, b.parameterGrads());
      g = b.inputGrad();
    }
    List<INDArray> flat = new ArrayList<>(parameters.size());
    grads.forEach(flat::addAll);
    return new Backward(g, flat);
  }

  /**
   * The parameter gradients of {@link #backward}, without the gradient with respect to the input: the first
   * layer skips what it can ({@link Layer#parameterGradients}); a first {@link Linear}, or a {@link Residual}
   * around one, skips its input-gradient GEMM (for the critic, {@code [P, 256]·[256, 2540]}; for the generator,
   * {@code [B, 256]·[256, 232]}).
   */
  @Override
  public List<INDArray> parameterGradients(INDArray outputGrad, Cache cache) {
    List<Cache> caches = caches(cache);
    List<List<INDArray>> grads = new ArrayList<>(Collections.nCopies(layers.size(), null));
    INDArray g = outputGrad;
    for (int i = layers.size() - 1; i > 0; i--) {
      Backward b = layers.get(i).backward(g, caches.get(i));
      grads.set(i, b.parameterGrads());
      g = b.inputGrad();
    }
    grads.set(0, layers.get(0).parameterGradients(g, caches.get(0)));
    List<INDArray> flat = new ArrayList<>(parameters.size());
    grads.forEach(flat::addAll);
    return flat;
  }

  /**
   * Only the gradient with respect to the input (e.g. the critic's gradient for the generator step, where the
   * critic's parameters are not updated): Linear layers skip their weight-gradient GEMM.
   */
  public INDArray inputGradient(INDArray outputGrad, Cache cache) {
    List<Cache> caches = caches(cache);
    INDArray g = outputGrad;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      g = layer instanceof Linear linear ? linear.inputGradient(g) : layer.backward(g, caches.get(i)).inputGrad();
    }
    return g;
  }

  /**
   * The factors of {@link #backwardPerExample} without the input gradient (the first Linear's input-gradient
   * GEMM is skipped).
   */
  public List<LinearFactors> perExampleFactors(INDArray outputGrad, Cache cache) {
    return perExample(outputGrad, cache, false).factors();
  }

  /**
   * Back-propagates {@code outputGrad [B, out]} and returns, for each {@link Linear}, its per-example gradients
   * in factored form, without a loop over examples. Row i of {@code outputGrad} must be the gradient of the
   * un-averaged loss of example i (see the package documentation), so that
   * {@code Σ_i perExample_i = backward(outputGrad, cache).parameterGrads()}.
   *
   * @throws IllegalStateException if a layer other than {@link Linear} or {@link PiecewiseLinear} is present
   *     (such a layer mixes examples or has other parameters)
   */
  public PerExampleBackward backwardPerExample(INDArray outputGrad, Cache cache) {
    return perExample(outputGrad, cache, true);
  }

  private PerExampleBackward perExample(INDArray outputGrad, Cache cache, boolean needInputGrad) {
    List<Cache> caches = caches(cache);
    requirePerExampleLayers("per-example gradients");
    LinearFactors[] factors = new LinearFactors[linears().size()];
    int next = factors.length;
    INDArray g = outputGrad;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      if (layer instanceof Linear linear) {
        factors[--next] = linear.factors(g, caches.get(i));
        g = i > 0 || needInputGrad ? linear.inputGradient(g) : null;
      } else {
        g = layer.backward(g, caches.get(i)).inputGrad();
      }
    }
    return new PerExampleBackward(g, List.of(factors));
  }

  /** Throws unless every layer is a {@link Linear} or a {@link PiecewiseLinear}. */
  void requirePerExampleLayers(String purpose) {
    for (Layer layer : layers) {
      if (!(layer instanceof Linear) && !(layer instanceof PiecewiseLinear)) {
        throw new IllegalStateException(name + ": " + purpose + " support only Linear, LeakyReLU, ReLU and"
            + " Dropout layers. Provided layer: " + layer);
      }
    }
  }

  List<Cache> caches(Cache cache) {
    List<Cache> caches = Shapes.cache(name, cache, SequentialCache.class).caches();
    if (caches.size() != layers.size()) {
      throw new IllegalArgumentException(name + ": cache must hold " + layers.size() + " layer caches. Provided: "
          + caches.size());
    }
    return caches;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public long outputWidth(long inputWidth) {
    long w = inputWidth;
    for (Layer layer : layers) {
      w = layer.outputWidth(w);
    }
    return w;
  }

  @Override
  public String toString() {
    return "Sequential[" + name + ": "
        + layers.stream().map(Layer::name).collect(Collectors.joining(" → ")) + "]";
  }
}
