package org.dpcgan.core.internal.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.dpcgan.core.internal.exec.FloatMath;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 *
 * <p>{@link #draw} is the sampling path: what a decoder reads of a Gumbel span is its argmax, and the argmax of
 * {@code (x + g)/τ} is a draw from {@code softmax(x)} at any τ (the Gumbel-max trick), so it draws that
 * category directly, with one uniform per span instead of one per column, and returns its one-hot.
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
  /** Largest uniform value used for Gumbel noise, so that −log U stays above 0. */
  private static final double LARGEST = 1.0 - 1e-7;

  private final String name;
  private final List<Span> spans;
  private final double tau;
  private final boolean hard;
  private final long width;
  private final int[] scalarColumns;       // the tanh spans' columns, in order
  private final int[] categoricalStarts;   // the first column of each Gumbel span, in order
  private final int[] categoricalWidths;
  private final SecondThread helper;
  private final HeadsDraw sampling;

  public OutputHeads(List<Span> spans, double tau, boolean hard) {
    this("heads", spans, tau, hard);
  }

  public OutputHeads(String name, List<Span> spans, double tau, boolean hard) {
    this(name, spans, tau, hard, SecondThread.none());
  }

  /** Heads whose row loops run in two halves on {@code helper} (rows are independent). */
  public OutputHeads(String name, List<Span> spans, double tau, boolean hard, SecondThread helper) {
    this.name = Shapes.name(name);
    this.helper = Objects.requireNonNull(helper, name + ": helper");
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
    IntStream.Builder scalars = IntStream.builder();
    IntStream.Builder starts = IntStream.builder();
    IntStream.Builder widths = IntStream.builder();
    int offset = 0;
    for (Span span : this.spans) {
      if (span.activation() == Activation.TANH) {
        IntStream.range(offset, offset + span.width()).forEach(scalars);
      } else {
        starts.add(offset);
        widths.add(span.width());
      }
      offset += span.width();
    }
    this.scalarColumns = scalars.build().toArray();
    this.categoricalStarts = starts.build().toArray();
    this.categoricalWidths = widths.build().toArray();
    this.sampling = new HeadsDraw((int) width, scalarColumns, categoricalStarts, categoricalWidths);
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
    if (input.dataType() == DataType.FLOAT) {
      return forwardFloat(input, rng);
    }
    // Plain loops over one host copy: the spans are narrow, so per-span ND4J ops would cost more in overhead
    // than the arithmetic itself.
    int rows = (int) input.size(0);
    int w = (int) width;
    double[] x = HostArrays.doubles(input);
    double[] g = hasGumbelSpan() ? gumbelNoise(requireRng(rng).uniform(input.dataType(), input.shape())) : null;
    double[] soft = new double[x.length];
    double[] out = hard ? new double[x.length] : soft;
    // Rows are independent: half of them on the trainer's second thread, if one is open (SecondThread).
    helper.halves(rows, 64, (from, to) -> activate(x, g, soft, out, w, from, to));
    long[] shape = input.shape();
    INDArray softArray = HostArrays.of(soft, input.dataType(), shape);
    INDArray output = hard ? HostArrays.of(out, input.dataType(), shape) : softArray;
    return new Forward(output, new OutputHeadsCache(softArray));
  }

  /**
   * {@link #forward} for FLOAT input in float arithmetic, from the same draws as the double path (one
   * {@code uniform(FLOAT)} per element): Gumbel noise, softmax and tanh with {@link FloatMath}'s vectorised log, exp
   * and tanh, the training step's hot loop. Agrees with the double computation of the same draws to float rounding
   * (ReferenceAgreementTest).
   */
  private Forward forwardFloat(INDArray input, RandomStream rng) {
    int rows = (int) input.size(0);
    int w = (int) width;
    float[] x = HostArrays.floats(input);
    float[] u = null;
    if (hasGumbelSpan()) {
      u = new float[x.length];
      requireRng(rng).fillUniform(u, rows);
    }
    float[] uniforms = u;
    float[] soft = new float[x.length];
    float[] out = hard ? new float[x.length] : soft;
    helper.halves(rows, 64, (from, to) -> activate(x, uniforms, soft, out, w, from, to));
    long[] shape = input.shape();
    INDArray softArray = HostArrays.of(soft, shape);
    INDArray output = hard ? HostArrays.of(out, shape) : softArray;
    return new Forward(output, new OutputHeadsCache(softArray));
  }

  /**
   * {@link #activate(double[], double[], double[], double[], int, int, int)} in float, a row at a time, from the
   * uniforms {@code u} (null without a Gumbel span): their Gumbel noise, clamped as {@link #gumbelNoise} clamps,
   * is computed here, so that it is split over the threads with the rows.
   */
  private void activate(float[] x, float[] u, float[] soft, float[] out, int w, int from, int to) {
    FloatMath math = new FloatMath(w);
    float[] z = new float[w];
    float[] noise = new float[w];
    float[] scalars = new float[w];
    float[] tanh = new float[w];
    float tauF = (float) tau;
    float lowest = (float) TINY;
    float highest = (float) LARGEST;
    for (int r = from; r < to; r++) {
      int base = r * w;
      System.arraycopy(x, base, z, 0, w);
      if (u != null) {
        System.arraycopy(u, base, noise, 0, w);
        for (int j = 0; j < w; j++) {
          noise[j] = Math.min(Math.max(noise[j], lowest), highest);
        }
        math.log(noise, noise, w);
        for (int j = 0; j < w; j++) {
          noise[j] = -noise[j];
        }
        math.log(noise, noise, w);
        for (int j = 0; j < w; j++) {
          z[j] = (z[j] - noise[j]) / tauF;             // g = −log(−log U)
        }
      }
      for (int i = 0; i < scalarColumns.length; i++) {
        scalars[i] = x[base + scalarColumns[i]];
      }
      for (int g = 0; g < categoricalStarts.length; g++) {
        int offset = categoricalStarts[g];
        int end = offset + categoricalWidths[g];
        float max = Float.NEGATIVE_INFINITY;
        int argMax = offset;
        for (int j = offset; j < end; j++) {
          if (z[j] > max) {
            max = z[j];
            argMax = j;
          }
        }
        for (int j = offset; j < end; j++) {
          z[j] -= max;
        }
        if (hard) {
          out[base + argMax] = 1f;
        }
      }
      math.exp(z, z, w);   // the scalar spans' columns too: cheaper than a loop per span
      math.tanh(scalars, tanh, scalarColumns.length);
      for (int i = 0; i < scalarColumns.length; i++) {
        soft[base + scalarColumns[i]] = tanh[i];
        if (hard) {
          out[base + scalarColumns[i]] = tanh[i];
        }
      }
      for (int g = 0; g < categoricalStarts.length; g++) {
        int offset = categoricalStarts[g];
        int end = offset + categoricalWidths[g];
        float sum = 0;
        for (int j = offset; j < end; j++) {
          sum += z[j];
        }
        for (int j = offset; j < end; j++) {
          soft[base + j] = z[j] / sum;
        }
      }
    }
  }

  /** Rows {@code [from, to)} of the heads' output, for the row-major {@code x} of width {@code w}. */
  private void activate(double[] x, double[] g, double[] soft, double[] out, int w, int from, int to) {
    int offset = 0;
    for (Span span : spans) {
      int k = span.width();
      for (int r = from; r < to; r++) {
        int base = r * w + offset;
        if (span.activation() == Activation.TANH) {
          for (int j = base; j < base + k; j++) {
            soft[j] = Math.tanh(x[j]);
            out[j] = soft[j];
          }
        } else {
          double max = Double.NEGATIVE_INFINITY;
          int argMax = base;
          for (int j = base; j < base + k; j++) {
            soft[j] = (x[j] + g[j]) / tau;
            if (soft[j] > max) {
              max = soft[j];
              argMax = j;
            }
          }
          double sum = 0;
          for (int j = base; j < base + k; j++) {
            soft[j] = Math.exp(soft[j] - max);
            sum += soft[j];
          }
          for (int j = base; j < base + k; j++) {
            soft[j] /= sum;
          }
          if (hard) {
            for (int j = base; j < base + k; j++) {
              out[j] = j == argMax ? 1.0 : 0.0;
            }
          }
        }
      }
      offset += k;
    }
  }

  /**
   * A sample of the heads' output as decoding reads it, without a cache: {@code tanh(x)} on scalar spans and,
   * on each Gumbel span, the one-hot of a category drawn from {@code softmax(x)} (the distribution of the
   * argmax of the Gumbel-softmax output, whatever τ and {@code hard}). One uniform per row and Gumbel span is
   * drawn from {@code rng}, in row-major order. Same dtype and shape as {@code input}.
   */
  public INDArray draw(INDArray input, RandomStream rng) {
    Shapes.requireMatrix(name, "input", input, width, input == null ? null : input.dataType());
    Elementwise.requireMatrix(name, input);
    INDArray result = HostArrays.of(draw(HostArrays.floats(input), (int) input.size(0), rng), input.shape());
    return result.dataType() == input.dataType() ? result : result.castTo(input.dataType());
  }

  /**
   * {@link #draw(INDArray, RandomStream)} on host rows: {@code logits} holds {@code rows} rows of the heads' width
   * in row-major order; returns a new array of the same layout, from the same draws.
   */
  public float[] draw(float[] logits, int rows, RandomStream rng) {
    int w = (int) width;
    if (rows < 1 || logits.length != (long) rows * w) {
      throw new IllegalArgumentException(name + ": draw needs rows >= 1 of width " + w + " (" + (long) rows * w
          + " values). Provided: rows=" + rows + ", " + logits.length + " values");
    }
    return sampling.draw(logits, rows, categoricalStarts.length == 0 ? null : requireRng(rng));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    INDArray softArray = Shapes.cache(name, cache, OutputHeadsCache.class).soft();
    Shapes.requireSameShape(name, "outputGrad", outputGrad, softArray);
    int rows = (int) softArray.size(0);
    int w = (int) width;
    double[] s = HostArrays.doubles(softArray);
    double[] dy = HostArrays.doubles(outputGrad);
    double[] dx = new double[s.length];
    helper.halves(rows, 64, (from, to) -> backward(s, dy, dx, w, from, to));
    return new Backward(HostArrays.of(dx, softArray.dataType(), softArray.shape()), List.of());
  }

  /** Rows {@code [from, to)} of the input gradient {@code dx} for the output gradient {@code dy}. */
  private void backward(double[] s, double[] dy, double[] dx, int w, int from, int to) {
    int offset = 0;
    for (Span span : spans) {
      int k = span.width();
      for (int r = from; r < to; r++) {
        int base = r * w + offset;
        if (span.activation() == Activation.TANH) {
          for (int j = base; j < base + k; j++) {
            dx[j] = dy[j] * (1 - s[j] * s[j]);                     // dy ∘ (1 − y²)
          }
        } else {
          // softmax Jacobian-vector product: dz = s ∘ (dy − Σ_k dy_k s_k); dx = dz / τ
          double dot = 0;
          for (int j = base; j < base + k; j++) {
            dot += dy[j] * s[j];
          }
          for (int j = base; j < base + k; j++) {
            dx[j] = s[j] * (dy[j] - dot) / tau;
          }
        }
      }
      offset += k;
    }
  }

  private boolean hasGumbelSpan() {
    return categoricalStarts.length > 0;
  }

  private RandomStream requireRng(RandomStream rng) {
    if (rng == null) {
      throw new IllegalArgumentException(
          name + ": Gumbel-softmax spans need a RandomStream for the Gumbel noise. Provided: null");
    }
    return rng;
  }

  /**
   * Gumbel noise {@code g = −log(−log U)} for uniforms U clamped to [1e-20, 1 − 1e-7], by native ops in place.
   */
  private static double[] gumbelNoise(INDArray uniform) {
    INDArray u = Transforms.min(Transforms.max(uniform, TINY, false), LARGEST, false);
    return HostArrays.doubles(Transforms.log(Transforms.log(u, false).negi(), false).negi());
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
