package org.dpcgan.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dpcgan.core.random.RandomStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * CTGAN's per-span output activations (Xu et al. 2019, {@code _apply_activate}): {@code tanh} on scalar spans
 * and the Gumbel-softmax (Jang, Gu and Poole 2017; Maddison, Mnih and Teh 2017) on one-hot spans.
 *
 * <p>For a Gumbel span with logits {@code x}: {@code g = −log(−log U)}, {@code U ~ U(0, 1)} from the stream
 * passed to {@code forward}, and the soft sample is {@code s = softmax((x + g)/τ)}. With {@code hard} the
 * forward output is the one-hot of {@code argmax s} and the backward pass uses the soft sample's gradient
 * (straight-through estimator). The noise is drawn in both modes (CTGAN also samples through the
 * Gumbel-softmax), so a stream is required whenever a Gumbel span exists.
 */
public final class OutputHeads implements Layer {
  /** CTGAN's default temperature. */
  public static final double DEFAULT_TAU = 0.2;

  /** The activation of one span. */
  public enum Activation {
    TANH,
    GUMBEL_SOFTMAX
  }

  /** A contiguous span of {@code width} output columns with one activation. */
  public record Span(int width, Activation activation) {
    public Span {
      if (width <= 0) {
        throw new IllegalArgumentException("span width must be > 0. Provided value: " + width);
      }
      Objects.requireNonNull(activation, "activation");
    }

    @Override
    public String toString() {
      return activation + "(" + width + ")";
    }
  }

  /** Per-column derivative source: tanh outputs on tanh spans, soft samples on Gumbel spans [B, W]. */
  public record OutputHeadsCache(INDArray soft) implements Cache {
    @Override
    public String toString() {
      return "OutputHeadsCache[soft=" + Shapes.describe(soft) + "]";
    }
  }

  /** Smallest uniform value used for Gumbel noise, so that −log(−log U) stays finite. */
  private static final double TINY = 1e-20;

  private final String name;
  private final List<Span> spans;
  private final double tau;
  private final boolean hard;
  private final long width;

  public OutputHeads(List<Span> spans, double tau, boolean hard) {
    this("heads", spans, tau, hard);
  }

  public OutputHeads(String name, List<Span> spans, double tau, boolean hard) {
    this.name = Shapes.name(name);
    if (spans == null || spans.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs at least one span. Provided: " + spans);
    }
    if (!Double.isFinite(tau) || tau <= 0) {
      throw new IllegalArgumentException(name + ": tau must be finite and > 0. Provided value: " + tau);
    }
    this.spans = List.copyOf(spans);
    this.tau = tau;
    this.hard = hard;
    this.width = this.spans.stream().mapToLong(Span::width).sum();
  }

  @Override
  public String name() {
    return name;
  }

  public List<Span> spans() {
    return spans;
  }

  public double tau() {
    return tau;
  }

  public boolean hard() {
    return hard;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Shapes.requireMatrix(name, "input", input, width, input == null ? null : input.dataType());
    Elementwise.requireMatrix(name, input);
    INDArray soft = Nd4j.createUninitialized(input.dataType(), input.shape());
    INDArray output = hard ? Nd4j.createUninitialized(input.dataType(), input.shape()) : soft;
    long offset = 0;
    for (Span span : spans) {
      INDArrayIndex[] cols = {NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + span.width())};
      INDArray x = input.get(cols);
      if (span.activation() == Activation.TANH) {
        INDArray y = Transforms.tanh(x, true);
        soft.put(cols, y);
        if (hard) {
          output.put(cols, y);
        }
      } else {
        if (rng == null) {
          throw new IllegalArgumentException(
              name + ": Gumbel-softmax spans need a RandomStream for the Gumbel noise. Provided: null");
        }
        INDArray z = gumbel(rng, x).addi(x).divi(tau);
        INDArray s = softmaxRows(z);
        soft.put(cols, s);
        if (hard) {
          output.put(cols, oneHotOfRowMax(s));
        }
      }
      offset += span.width();
    }
    return new Forward(output, new OutputHeadsCache(soft));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    INDArray soft = Shapes.cache(name, cache, OutputHeadsCache.class).soft();
    Shapes.requireSameShape(name, "outputGrad", outputGrad, soft);
    INDArray dx = Nd4j.createUninitialized(soft.dataType(), soft.shape());
    long offset = 0;
    for (Span span : spans) {
      INDArrayIndex[] cols = {NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + span.width())};
      INDArray s = soft.get(cols);
      INDArray dy = outputGrad.get(cols);
      if (span.activation() == Activation.TANH) {
        dx.put(cols, s.mul(s).muli(dy).rsubi(dy));
      } else {
        // softmax Jacobian-vector product: dz = s ∘ (dy − Σ_k dy_k s_k); dx = dz / τ
        INDArray dot = dy.mul(s).sum(true, 1);
        dx.put(cols, dy.subColumnVector(dot).muli(s).divi(tau));
      }
      offset += span.width();
    }
    return new Backward(dx, List.of());
  }

  /** Gumbel(0, 1) noise shaped like {@code x}: {@code −log(−log U)} with U clamped to [TINY, 1 − TINY]. */
  private static INDArray gumbel(RandomStream rng, INDArray x) {
    INDArray u = rng.uniform(x.dataType(), x.shape());
    Transforms.max(u, TINY, false);
    Transforms.min(u, 1.0 - 1e-7, false);
    return Transforms.log(Transforms.log(u, false).negi(), false).negi();
  }

  /** Row-wise softmax of a fresh array (modified in place), stabilised by subtracting the row maximum. */
  static INDArray softmaxRows(INDArray z) {
    z.subiColumnVector(z.max(true, 1));
    Transforms.exp(z, false);
    return z.diviColumnVector(z.sum(true, 1));
  }

  /** The one-hot of each row's maximum (ties, which have probability zero with Gumbel noise, all set). */
  static INDArray oneHotOfRowMax(INDArray s) {
    return s.subColumnVector(s.max(true, 1)).gte(0.0).castTo(s.dataType());
  }

  /** Column offsets of the spans (offset of span j = sum of the widths before it). */
  public List<Long> offsets() {
    List<Long> out = new ArrayList<>(spans.size());
    long offset = 0;
    for (Span span : spans) {
      out.add(offset);
      offset += span.width();
    }
    return out;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public long outputWidth(long inputWidth) {
    Shapes.requireWidth(name, width, inputWidth);
    return width;
  }

  @Override
  public String toString() {
    return "OutputHeads[" + name + ", " + spans + ", tau=" + tau + (hard ? ", hard" : ", soft") + "]";
  }
}
