package org.dpcgan.core.internal.gan;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.nn.BatchNorm1d;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Layer;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.OutputHeads;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.nn.ReLU;
import org.dpcgan.core.internal.nn.Residual;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.OutputSpan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CTGAN's generator (Xu et al. 2019): {@code z ++ cond → Residual(Linear → BatchNorm → ReLU, output
 * concatenated with input) × n → Linear → heads}, with a tanh head on every scalar span and a Gumbel-softmax
 * head (τ = 0.2, soft) on every one-hot span of the transformer's layout.
 */
public final class Generator {
  private final Sequential body;
  private final OutputHeads heads;
  private final int latentWidth;
  private final int conditionWidth;
  // The body's layers, for the sampling pass: residual block i is blockLinears.get(i) → blockNorms.get(i) → ReLU.
  private final List<Linear> blockLinears = new ArrayList<>();
  private final List<BatchNorm1d> blockNorms = new ArrayList<>();
  private final Linear output;

  /** A freshly initialised generator for {@code layout}, drawing its weights from {@code init}. */
  public Generator(GanConfig config, Layout layout, int conditionWidth, DataType dtype, RandomStream init) {
    this(config, layout, conditionWidth, dtype, init, SecondThread.none());
  }

  /** A generator whose products and head loops split on {@code helper}: a training run's, on the run's thread. */
  public Generator(GanConfig config, Layout layout, int conditionWidth, DataType dtype, RandomStream init,
      SecondThread helper) {
    this.latentWidth = config.latentWidth();
    this.conditionWidth = conditionWidth;
    List<Layer> layers = new ArrayList<>();
    int width = latentWidth + conditionWidth;
    int i = 0;
    for (int hidden : config.generatorWidths()) {
      String name = "g.res" + i++;
      Linear linear = new Linear(name + ".fc", width, hidden, dtype, init, helper);
      BatchNorm1d norm = new BatchNorm1d(name + ".bn", hidden, dtype);
      layers.add(new Residual(name, new Sequential(name + ".block", List.of(linear, norm, new ReLU(name + ".relu")))));
      blockLinears.add(linear);
      blockNorms.add(norm);
      width += hidden;
    }
    this.output = new Linear("g.out", width, layout.width(), dtype, init, helper);
    layers.add(output);
    this.body = new Sequential("generator", layers);
    this.heads = new OutputHeads("g.heads", headSpans(layout), OutputHeads.DEFAULT_TAU, false, helper);
  }

  static List<OutputHeads.Span> headSpans(Layout layout) {
    List<OutputHeads.Span> spans = new ArrayList<>();
    for (OutputSpan s : layout.spans()) {
      spans.add(new OutputHeads.Span(s.width(), s.kind() == OutputSpan.Kind.SCALAR
          ? OutputHeads.Activation.TANH : OutputHeads.Activation.GUMBEL_SOFTMAX));
    }
    return spans;
  }

  /** The network before the heads: its output is the logits the conditional loss reads. */
  public Sequential body() {
    return body;
  }

  public OutputHeads heads() {
    return heads;
  }

  public int latentWidth() {
    return latentWidth;
  }

  public int conditionWidth() {
    return conditionWidth;
  }

  /** Every trainable parameter (and, through BatchNorm, the running statistics live beside them). */
  public List<Parameter> parameters() {
    return body.parameters();
  }

  /**
   * Everything a sampling generator needs, as named live arrays in a fixed order: the trainable parameters,
   * then the running mean and variance of every BatchNorm layer ({@code <layer>.runningMean},
   * {@code <layer>.runningVar}). Writing into these arrays restores a saved generator.
   */
  public List<Parameter> state() {
    List<Parameter> out = new ArrayList<>(body.parameters());
    collectRunningStatistics(body, out);
    return out;
  }

  private static void collectRunningStatistics(Layer layer, List<Parameter> out) {
    if (layer instanceof Sequential s) {
      for (Layer inner : s.layers()) {
        collectRunningStatistics(inner, out);
      }
    } else if (layer instanceof Residual r) {
      collectRunningStatistics(r.inner(), out);
    } else if (layer instanceof BatchNorm1d bn) {
      out.add(new Parameter(bn.name() + ".runningMean", bn.runningMean()));
      out.add(new Parameter(bn.name() + ".runningVar", bn.runningVar()));
    }
  }

  /**
   * Generates {@code rows} rows {@code [rows, layout width]} in INFERENCE mode (BatchNorm running
   * statistics), as decoding reads them ({@link OutputHeads#draw}: tanh on scalar spans, a one-hot category
   * drawn from the softmax of each one-hot span): {@code z ~ N(0, 1)} and the category draws come from
   * {@code noise}; {@code condition} is {@code [rows, K]}, or {@code null} when the generator has no condition
   * input.
   */
  public INDArray sample(INDArray condition, int rows, RandomStream noise) {
    requireRows(rows);
    if ((condition == null) != (conditionWidth == 0)) {
      throw new IllegalArgumentException("generator with condition width " + conditionWidth
          + (condition == null ? " needs a condition matrix. Provided: null"
              : " takes no condition. Provided shape: " + java.util.Arrays.toString(condition.shape())));
    }
    DataType dtype = body.parameters().get(0).value().dataType();
    INDArray z = noise.normal(dtype, 0, 1, rows, latentWidth);
    INDArray input = condition == null ? z : Nd4j.concat(1, z, condition.castTo(dtype));
    Forward logits = body.forward(input, Mode.INFERENCE, noise);
    return heads.draw(logits.output(), noise);
  }

  static void requireRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1. Provided value: " + rows);
    }
  }

  /**
   * A sampling pass over this generator's weights as they are now (see {@link SamplingPass}): prepare it once and
   * sample many chunks from it, on any number of threads.
   */
  public SamplingPass samplingPass() {
    return new SamplingPass(this, blockLinears, blockNorms, output);
  }

  @Override
  public String toString() {
    return "Generator[" + body + " → " + heads.spans().size() + " heads]";
  }
}
