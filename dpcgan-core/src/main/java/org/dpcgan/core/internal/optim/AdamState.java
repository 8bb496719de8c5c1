package org.dpcgan.core.internal.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-run state of {@link Adam}: first and second moments per parameter and the step count. The moments
 * live on the Java heap; each {@link #step} copies the gradient and the parameter to the host in bulk
 * ({@link HostArrays}), updates the moments and the parameter in one plain loop and copies the parameter back (one
 * pass over memory, where ND4J's ops make several). It allocates no arrays for dense gradients. Parameters must be dense
 * c-order {@code FLOAT} or {@code DOUBLE} arrays, not views. Not thread-safe.
 */
public final class AdamState {
  private final Adam config;
  private final List<Parameter> parameters;
  private final List<Moments> moments;
  private long steps;

  AdamState(Adam config, List<Parameter> parameters) {
    this.config = Objects.requireNonNull(config, "config");
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException("Adam needs at least one parameter. Provided: " + parameters);
    }
    this.parameters = List.copyOf(parameters);
    this.moments = new ArrayList<>();
    for (Parameter p : this.parameters) {
      requireUpdatable(p);
      moments.add(p.value().dataType() == DataType.FLOAT ? new FloatMoments(p.value().length())
          : new DoubleMoments(p.value().length()));
    }
  }

  private AdamState(AdamState other, List<Parameter> parameters) {
    this.config = other.config;
    this.parameters = List.copyOf(parameters);
    this.moments = other.moments.stream().map(Moments::copy).toList();
    this.steps = other.steps;
  }

  /** An independent copy of the moments and step count, bound to the same parameters. */
  public AdamState copy() {
    return new AdamState(this, parameters);
  }

  /**
   * An independent copy of the moments and step count, bound to {@code otherParameters} (e.g. the parameters
   * of a copied network), which must match the current ones in number, shape and dtype.
   */
  public AdamState copyFor(List<Parameter> otherParameters) {
    if (otherParameters == null || otherParameters.size() != parameters.size()) {
      throw new IllegalArgumentException("copyFor needs " + parameters.size() + " parameters. Provided: "
          + (otherParameters == null ? "null" : otherParameters.size()));
    }
    for (int i = 0; i < parameters.size(); i++) {
      requireLike("parameter " + i, otherParameters.get(i).value(), parameters.get(i).value());
      requireUpdatable(otherParameters.get(i));
    }
    return new AdamState(this, otherParameters);
  }

  public Adam config() {
    return config;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The number of steps taken so far. */
  public long steps() {
    return steps;
  }

  /** A copy of the first moment of parameter i, shaped like the parameter. */
  public INDArray firstMoment(int i) {
    return moments.get(i).first(parameters.get(i).value().shape());
  }

  /** A copy of the second moment of parameter i, shaped like the parameter. */
  public INDArray secondMoment(int i) {
    return moments.get(i).second(parameters.get(i).value().shape());
  }

  /**
   * Copies of the first and second moments as named arrays, in parameter order: {@code <name>.adam.m} then
   * {@code <name>.adam.v} for each parameter (for serialisation; {@link Adam#restoreState} reads them back).
   */
  public List<Parameter> moments() {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      out.add(new Parameter(parameters.get(i).name() + ".adam.m", firstMoment(i)));
      out.add(new Parameter(parameters.get(i).name() + ".adam.v", secondMoment(i)));
    }
    return out;
  }

  /** Sets the moments (in {@link #moments()} order, copied) and the step count of a fresh state. */
  void restore(List<INDArray> saved, long stepCount) {
    if (saved == null || saved.size() != 2 * parameters.size()) {
      throw new IllegalArgumentException("restoring Adam needs " + 2 * parameters.size() + " moment arrays. Provided: "
          + (saved == null ? "null" : saved.size()));
    }
    if (stepCount < 0) {
      throw new IllegalArgumentException("the Adam step count must be >= 0. Provided value: " + stepCount);
    }
    for (int i = 0; i < parameters.size(); i++) {
      INDArray p = parameters.get(i).value();
      requireLike("first moment of " + parameters.get(i).name(), saved.get(2 * i), p);
      requireLike("second moment of " + parameters.get(i).name(), saved.get(2 * i + 1), p);
      moments.get(i).restore(saved.get(2 * i), saved.get(2 * i + 1));
    }
    steps = stepCount;
  }

  /** One AdamW step with {@code grads} aligned with {@link #parameters()}; updates the parameters in place. */
  public void step(List<INDArray> grads) {
    step(grads, SecondThread.none());
  }

  /** {@link #step(List)} with each large tensor's update in two halves at once on {@code helper}. */
  public void step(List<INDArray> grads, SecondThread helper) {
    if (grads == null || grads.size() != parameters.size()) {
      throw new IllegalArgumentException("Adam.step needs " + parameters.size() + " gradients. Provided: "
          + (grads == null ? "null" : grads.size()));
    }
    for (int i = 0; i < grads.size(); i++) {
      requireLike("gradient of " + parameters.get(i).name(), grads.get(i), parameters.get(i).value());
    }
    steps++;
    double bias1 = 1 - Math.pow(config.beta1(), steps);
    double bias2 = 1 - Math.pow(config.beta2(), steps);
    Step step = new Step(config.beta1(), config.beta2(), config.lr() / bias1, 1 / Math.sqrt(bias2), config.eps(),
        1 - config.lr() * config.weightDecay());
    for (int i = 0; i < grads.size(); i++) {
      moments.get(i).step(parameters.get(i).value(), grads.get(i), step, helper);
    }
  }

  /**
   * The coefficients of one step: θ ← θ·decay − stepSize·m/(√v·invSqrtBias2 + eps), after
   * m ← β1 m + (1 − β1) g and v ← β2 v + (1 − β2) g².
   */
  private record Step(double beta1, double beta2, double stepSize, double invSqrtBias2, double eps, double decay) {}

  /** One parameter's moments on the heap, with scratch for the host copies of its gradient and value. */
  private abstract static class Moments {
    abstract void step(INDArray parameter, INDArray gradient, Step s, SecondThread helper);

    abstract INDArray first(long[] shape);

    abstract INDArray second(long[] shape);

    abstract void restore(INDArray first, INDArray second);

    abstract Moments copy();
  }

  private static final class FloatMoments extends Moments {
    final float[] m;
    final float[] v;
    final float[] g;
    final float[] p;

    FloatMoments(long n) {
      this(new float[Math.toIntExact(n)], new float[Math.toIntExact(n)]);
    }

    private FloatMoments(float[] m, float[] v) {
      this.m = m;
      this.v = v;
      this.g = new float[m.length];
      this.p = new float[m.length];
    }

    @Override
    void step(INDArray parameter, INDArray gradient, Step s, SecondThread helper) {
      HostArrays.read(gradient, g);
      HostArrays.read(parameter, p);
      float b1 = (float) s.beta1();
      float b2 = (float) s.beta2();
      float c1 = (float) (1 - s.beta1());
      float c2 = (float) (1 - s.beta2());
      float stepSize = (float) s.stepSize();
      float inv = (float) s.invSqrtBias2();
      float eps = (float) s.eps();
      float decay = (float) s.decay();
      helper.halves(m.length, 1 << 15, (from, to) -> {
        for (int k = from; k < to; k++) {
          float gk = g[k];
          float mk = b1 * m[k] + c1 * gk;
          float vk = b2 * v[k] + c2 * gk * gk;
          m[k] = mk;
          v[k] = vk;
          p[k] = p[k] * decay - stepSize * mk / ((float) Math.sqrt(vk) * inv + eps);
        }
      });
      HostArrays.write(p, parameter);
    }

    @Override
    INDArray first(long[] shape) {
      return HostArrays.of(m, shape);
    }

    @Override
    INDArray second(long[] shape) {
      return HostArrays.of(v, shape);
    }

    @Override
    void restore(INDArray first, INDArray second) {
      HostArrays.read(first, m);
      HostArrays.read(second, v);
    }

    @Override
    Moments copy() {
      return new FloatMoments(m.clone(), v.clone());
    }
  }

  private static final class DoubleMoments extends Moments {
    final double[] m;
    final double[] v;
    final double[] g;
    final double[] p;

    DoubleMoments(long n) {
      this(new double[Math.toIntExact(n)], new double[Math.toIntExact(n)]);
    }

    private DoubleMoments(double[] m, double[] v) {
      this.m = m;
      this.v = v;
      this.g = new double[m.length];
      this.p = new double[m.length];
    }

    @Override
    void step(INDArray parameter, INDArray gradient, Step s, SecondThread helper) {
      HostArrays.read(gradient, g);
      HostArrays.read(parameter, p);
      helper.halves(m.length, 1 << 15, (from, to) -> {
        for (int k = from; k < to; k++) {
          double gk = g[k];
          double mk = s.beta1() * m[k] + (1 - s.beta1()) * gk;
          double vk = s.beta2() * v[k] + (1 - s.beta2()) * gk * gk;
          m[k] = mk;
          v[k] = vk;
          p[k] = p[k] * s.decay() - s.stepSize() * mk / (Math.sqrt(vk) * s.invSqrtBias2() + s.eps());
        }
      });
      HostArrays.write(p, parameter);
    }

    @Override
    INDArray first(long[] shape) {
      return HostArrays.of(m, shape);
    }

    @Override
    INDArray second(long[] shape) {
      return HostArrays.of(v, shape);
    }

    @Override
    void restore(INDArray first, INDArray second) {
      HostArrays.read(first, m);
      HostArrays.read(second, v);
    }

    @Override
    Moments copy() {
      return new DoubleMoments(m.clone(), v.clone());
    }
  }

  private static void requireUpdatable(Parameter p) {
    DataType dtype = p.value().dataType();
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException("Adam parameters must be FLOAT or DOUBLE. Provided: " + p);
    }
    if (!HostArrays.isDense(p.value())) {
      throw new IllegalArgumentException("Adam updates each parameter in place through its buffer, so it must be a "
          + "dense c-order array, not a view or a transposed array. Provided: " + p);
    }
  }

  private static void requireLike(String what, INDArray provided, INDArray expected) {
    if (provided == null || !Arrays.equals(provided.shape(), expected.shape())
        || provided.dataType() != expected.dataType()) {
      throw new IllegalArgumentException(what + " must be " + expected.dataType() + Arrays.toString(expected.shape())
          + ". Provided: " + (provided == null ? "null" : provided.dataType() + Arrays.toString(provided.shape())));
    }
  }

  @Override
  public String toString() {
    return "AdamState[" + config + ", parameters=" + parameters.size() + ", steps=" + steps + "]";
  }
}
