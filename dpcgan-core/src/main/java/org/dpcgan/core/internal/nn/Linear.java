package org.dpcgan.core.internal.nn;

import java.util.List;
import java.util.Objects;
import org.dpcgan.core.internal.exec.Matmul;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fully connected layer {@code y = xW + b}, {@code x [B, in]}, {@code W [in, out]}, {@code b [out]}.
 *
 * <p>Initialisation follows PyTorch's {@code nn.Linear}: every entry of W and b is drawn from
 * U(−1/√in, 1/√in). Backward: {@code dx = dy·Wᵀ}, {@code dW = xᵀ·dy}, {@code db = Σ_rows dy}, each a single
 * GEMM on transposed views (no transposed copy is materialised).
 */
public final class Linear implements Layer {
  /** The forward input, which the weight gradient needs. */
  public record LinearCache(INDArray input) implements Cache {
    @Override
    public String toString() {
      return "LinearCache[input=" + Shapes.describe(input) + "]";
    }
  }

  private final String name;
  private final long in;
  private final long out;
  private final DataType dtype;
  private final INDArray weight;
  private final INDArray bias;
  private final List<Parameter> parameters;
  private final SecondThread helper;

  /** A layer mapping {@code in} to {@code out} features, initialised from {@code init}. */
  public Linear(String name, long in, long out, DataType dtype, RandomStream init) {
    this(name, in, out, dtype, init, SecondThread.none());
  }

  /** {@link #Linear(String, long, long, DataType, RandomStream)} whose large products split on {@code helper}. */
  public Linear(String name, long in, long out, DataType dtype, RandomStream init, SecondThread helper) {
    this.helper = Objects.requireNonNull(helper, name + ": helper");
    this.name = Shapes.name(name);
    this.in = Shapes.positive(name + ": in", in);
    this.out = Shapes.positive(name + ": out", out);
    this.dtype = Shapes.floating(name, dtype);
    Objects.requireNonNull(init, name + ": init stream");
    double bound = 1.0 / Math.sqrt(in);
    this.weight = init.uniform(dtype, in, out).muli(2 * bound).subi(bound);
    this.bias = init.uniform(dtype, out).muli(2 * bound).subi(bound);
    this.parameters = List.of(new Parameter(name + ".weight", weight), new Parameter(name + ".bias", bias));
  }

  @Override
  public String name() {
    return name;
  }

  /** The weight {@code W [in, out]} (live; updated in place by the optimiser). */
  public INDArray weight() {
    return weight;
  }

  /** The bias {@code b [out]} (live). */
  public INDArray bias() {
    return bias;
  }

  public long inputWidth() {
    return in;
  }

  public DataType dtype() {
    return dtype;
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Shapes.requireMatrix(name, "input", input, in, dtype);
    INDArray y = Matmul.product(input, weight, false, false, helper);
    y.addiRowVector(bias);
    return new Forward(y, new LinearCache(input));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    INDArray x = Shapes.cache(name, cache, LinearCache.class).input();
    Shapes.requireMatrix(name, "outputGrad", outputGrad, out, dtype);
    if (outputGrad.size(0) != x.size(0)) {
      throw new IllegalArgumentException(name + ": outputGrad must have shape [" + x.size(0) + ", " + out
          + "]. Provided: " + Shapes.describe(outputGrad));
    }
    INDArray dx = Matmul.product(outputGrad, weight, false, true, helper);
    INDArray dw = Matmul.product(x, outputGrad, true, false, helper);
    INDArray db = Matmul.columnSums(outputGrad, 1);
    return new Backward(dx, List.of(dw, db));
  }

  /** Only the input gradient {@code dx = dy·Wᵀ} (one GEMM), for passes that need no parameter gradient. */
  public INDArray inputGradient(INDArray outputGrad) {
    Shapes.requireMatrix(name, "outputGrad", outputGrad, out, dtype);
    return Matmul.product(outputGrad, weight, false, true, helper);
  }

  /**
   * Only the parameter gradients {@code [dW, db]}, skipping the input gradient (one GEMM fewer, for a first
   * layer whose input needs no gradient).
   */
  @Override
  public List<INDArray> parameterGradients(INDArray outputGrad, Cache cache) {
    INDArray x = Shapes.cache(name, cache, LinearCache.class).input();
    Shapes.requireMatrix(name, "outputGrad", outputGrad, out, dtype);
    return List.of(Matmul.product(x, outputGrad, true, false, helper), Matmul.columnSums(outputGrad, 1));
  }

  /**
   * The per-example gradients of this layer in factored form: example i's weight gradient is
   * {@code a_iᵀ·δ_i} and its bias gradient {@code δ_i}.
   */
  public LinearFactors factors(INDArray outputGrad, Cache cache) {
    INDArray x = Shapes.cache(name, cache, LinearCache.class).input();
    Shapes.requireMatrix(name, "outputGrad", outputGrad, out, dtype);
    return new LinearFactors(x, outputGrad);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public long outputWidth(long inputWidth) {
    Shapes.requireWidth(name, in, inputWidth);
    return out;
  }

  @Override
  public String toString() {
    return "Linear[" + name + ", " + in + "→" + out + ", " + dtype + "]";
  }
}
