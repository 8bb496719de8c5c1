package org.dpcgan.core.internal.nn;

import java.util.List;
import org.dpcgan.core.internal.exec.Matmul;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the feature axis of a {@code [B, F]} matrix (Ioffe and Szegedy 2015), matching
 * PyTorch's {@code nn.BatchNorm1d}: {@code y = γ·(x − μ)/√(σ² + eps) + β}.
 *
 * <p>TRAINING uses the batch mean and the biased batch variance, and updates the running statistics with
 * {@code running ← (1 − momentum)·running + momentum·batch}, using the unbiased variance {@code σ²·B/(B − 1)};
 * it needs at least two rows. INFERENCE normalises with the running statistics. The running statistics are
 * buffers, not parameters: the optimiser never touches them.
 */
public final class BatchNorm1d implements Layer {
  /** Default numerical-stability constant, as in PyTorch. */
  public static final double DEFAULT_EPS = 1e-5;
  /** Default running-statistics momentum, as in PyTorch. */
  public static final double DEFAULT_MOMENTUM = 0.1;

  /**
   * What the backward pass needs: the normalised input {@code x̂ [B, F]}, {@code 1/√(σ² + eps) [F]} and the mode
   * of the forward pass. An INFERENCE pass keeps its input and the running mean it used instead, and computes
   * x̂ only if a backward pass asks for it, so sampling never builds it.
   */
  public static final class BatchNormCache implements Cache {
    private INDArray normalized;
    private final INDArray input;
    private final INDArray mean;
    private final INDArray invStd;
    private final Mode mode;

    BatchNormCache(INDArray normalized, INDArray input, INDArray mean, INDArray invStd, Mode mode) {
      this.normalized = normalized;
      this.input = input;
      this.mean = mean;
      this.invStd = invStd;
      this.mode = mode;
    }

    /** x̂ = (x − μ)·invStd [B, F]. */
    public INDArray normalized() {
      if (normalized == null) {
        normalized = input.subRowVector(mean).muliRowVector(invStd);
      }
      return normalized;
    }

    public INDArray invStd() {
      return invStd;
    }

    public Mode mode() {
      return mode;
    }

    @Override
    public String toString() {
      return "BatchNormCache[" + (normalized == null ? "input=" + Shapes.describe(input)
          : "normalized=" + Shapes.describe(normalized)) + ", mode=" + mode + "]";
    }
  }

  private final String name;
  private final long features;
  private final DataType dtype;
  private final double eps;
  private final double momentum;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray runningMean;
  private final INDArray runningVar;
  private final List<Parameter> parameters;

  /** A layer over {@code features} features with PyTorch's defaults (eps 1e-5, momentum 0.1). */
  public BatchNorm1d(String name, long features, DataType dtype) {
    this(name, features, dtype, DEFAULT_EPS, DEFAULT_MOMENTUM);
  }

  public BatchNorm1d(String name, long features, DataType dtype, double eps, double momentum) {
    this.name = Shapes.name(name);
    this.features = Shapes.positive(name + ": features", features);
    this.dtype = Shapes.floating(name, dtype);
    if (!Double.isFinite(eps) || eps <= 0) {
      throw new IllegalArgumentException(name + ": eps must be finite and > 0. Provided value: " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(name + ": momentum must be in [0, 1]. Provided value: " + momentum);
    }
    this.eps = eps;
    this.momentum = momentum;
    this.gamma = Nd4j.ones(dtype, features);
    this.beta = Nd4j.zeros(dtype, features);
    this.runningMean = Nd4j.zeros(dtype, features);
    this.runningVar = Nd4j.ones(dtype, features);
    this.parameters = List.of(new Parameter(name + ".gamma", gamma), new Parameter(name + ".beta", beta));
  }

  @Override
  public String name() {
    return name;
  }

  /** The scale γ [F] (live). */
  public INDArray gamma() {
    return gamma;
  }

  /** The shift β [F] (live). */
  public INDArray beta() {
    return beta;
  }

  /** The running mean [F] (live buffer, updated by TRAINING forward passes). */
  public INDArray runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance [F] (live buffer, updated by TRAINING forward passes). */
  public INDArray runningVar() {
    return runningVar;
  }

  /**
   * The INFERENCE mode's map {@code y = x·scale + shift} per feature, from the running statistics as they are now:
   * {@code scale = γ·invStd}, {@code shift = β − μ·scale}, {@code invStd = 1/√(σ² + eps)}; new [F] arrays.
   */
  public record Affine(INDArray scale, INDArray shift, INDArray mean, INDArray invStd) {}

  /** The map an INFERENCE forward pass applies now (see {@link Affine}); for host passes that apply it themselves. */
  public Affine inferenceAffine() {
    INDArray mean = runningMean.dup();
    INDArray invStd = Transforms.pow(runningVar.add(eps), -0.5, false);
    INDArray scale = invStd.mul(gamma);
    return new Affine(scale, beta.sub(mean.mul(scale)), mean, invStd);
  }

  @Override
  public Forward forward(INDArray input, Mode mode, RandomStream rng) {
    Shapes.requireMatrix(name, "input", input, features, dtype);
    if (mode != Mode.TRAINING) {
      // y = x·s + (β − μ·s) with s = γ·invStd: two passes over the batch, and x̂ only if backward needs it.
      Affine affine = inferenceAffine();
      INDArray y = input.mulRowVector(affine.scale()).addiRowVector(affine.shift());
      return new Forward(y, new BatchNormCache(null, input, affine.mean(), affine.invStd(), mode));
    }
    long b = input.size(0);
    if (b < 2) {
      throw new IllegalArgumentException(
          name + ": TRAINING mode needs a batch of at least 2 rows. Provided shape: " + Shapes.describe(input));
    }
    INDArray mean = Matmul.columnSums(input, 1.0 / b);
    INDArray centered = input.subRowVector(mean);
    INDArray var = Matmul.columnSums(centered.mul(centered), 1.0 / b);
    runningMean.muli(1 - momentum).addi(mean.muli(momentum));
    runningVar.muli(1 - momentum).addi(var.mul(momentum * b / (b - 1.0)));
    INDArray invStd = Transforms.pow(var.addi(eps), -0.5, false);
    INDArray normalized = centered.muliRowVector(invStd);
    INDArray y = normalized.mulRowVector(gamma).addiRowVector(beta);
    return new Forward(y, new BatchNormCache(normalized, null, null, invStd, mode));
  }

  @Override
  public Backward backward(INDArray outputGrad, Cache cache) {
    BatchNormCache c = Shapes.cache(name, cache, BatchNormCache.class);
    INDArray xhat = c.normalized();
    Shapes.requireSameShape(name, "outputGrad", outputGrad, xhat);
    INDArray dBeta = Matmul.columnSums(outputGrad, 1);
    INDArray dGamma = Matmul.columnSums(outputGrad.mul(xhat), 1);
    INDArray scale = gamma.mul(c.invStd());
    INDArray dx;
    if (c.mode() == Mode.TRAINING) {
      // With dx̂ = dy·γ and batch means: dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))·invStd
      //                                    = γ·invStd·(dy − dβ/B − x̂·dγ/B).
      double rows = xhat.size(0);
      dx = xhat.mulRowVector(dGamma.div(-rows)).addi(outputGrad).subiRowVector(dBeta.div(rows)).muliRowVector(scale);
    } else {
      dx = outputGrad.mulRowVector(scale);
    }
    return new Backward(dx, List.of(dGamma, dBeta));
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public long outputWidth(long inputWidth) {
    Shapes.requireWidth(name, features, inputWidth);
    return features;
  }

  @Override
  public String toString() {
    return "BatchNorm1d[" + name + ", F=" + features + ", eps=" + eps + ", momentum=" + momentum + ", " + dtype
        + "]";
  }
}
