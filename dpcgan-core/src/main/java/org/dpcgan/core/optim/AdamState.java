package org.dpcgan.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dpcgan.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-run state of {@link Adam}: first and second moments per parameter and the step count. Each
 * {@link #step} updates the parameters in place and allocates no arrays (it reuses one scratch buffer per
 * parameter). Not thread-safe.
 */
public final class AdamState {
  private final Adam config;
  private final List<Parameter> parameters;
  private final List<INDArray> m;
  private final List<INDArray> v;
  private final List<INDArray> scratch;
  private long steps;

  AdamState(Adam config, List<Parameter> parameters) {
    this.config = Objects.requireNonNull(config, "config");
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException("Adam needs at least one parameter. Provided: " + parameters);
    }
    this.parameters = List.copyOf(parameters);
    this.m = new ArrayList<>();
    this.v = new ArrayList<>();
    this.scratch = new ArrayList<>();
    for (Parameter p : this.parameters) {
      if (!p.value().dataType().isFPType()) {
        throw new IllegalArgumentException("Adam parameters must be floating point. Provided: " + p);
      }
      m.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
      v.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
      scratch.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
    }
  }

  private AdamState(AdamState other, List<Parameter> parameters) {
    this.config = other.config;
    this.parameters = List.copyOf(parameters);
    this.m = other.m.stream().map(INDArray::dup).toList();
    this.v = other.v.stream().map(INDArray::dup).toList();
    this.scratch = other.scratch.stream().map(INDArray::dup).toList();
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

  /** The first moment of parameter i (live; for inspection and serialisation). */
  public INDArray firstMoment(int i) {
    return m.get(i);
  }

  /** The second moment of parameter i (live). */
  public INDArray secondMoment(int i) {
    return v.get(i);
  }

  /**
   * The first and second moments as named live arrays, in parameter order: {@code <name>.adam.m} then
   * {@code <name>.adam.v} for each parameter (for serialisation; {@link Adam#restoreState} reads them back).
   */
  public List<Parameter> moments() {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      out.add(new Parameter(parameters.get(i).name() + ".adam.m", m.get(i)));
      out.add(new Parameter(parameters.get(i).name() + ".adam.v", v.get(i)));
    }
    return out;
  }

  /** Sets the moments (in {@link #moments()} order, copied) and the step count of a fresh state. */
  void restore(List<INDArray> moments, long stepCount) {
    if (moments == null || moments.size() != 2 * parameters.size()) {
      throw new IllegalArgumentException("restoring Adam needs " + 2 * parameters.size() + " moment arrays. Provided: "
          + (moments == null ? "null" : moments.size()));
    }
    if (stepCount < 0) {
      throw new IllegalArgumentException("the Adam step count must be >= 0. Provided value: " + stepCount);
    }
    for (int i = 0; i < parameters.size(); i++) {
      INDArray p = parameters.get(i).value();
      requireLike("first moment of " + parameters.get(i).name(), moments.get(2 * i), p);
      requireLike("second moment of " + parameters.get(i).name(), moments.get(2 * i + 1), p);
      m.get(i).assign(moments.get(2 * i));
      v.get(i).assign(moments.get(2 * i + 1));
    }
    steps = stepCount;
  }

  /** One AdamW step with {@code grads} aligned with {@link #parameters()}; updates the parameters in place. */
  public void step(List<INDArray> grads) {
    if (grads == null || grads.size() != parameters.size()) {
      throw new IllegalArgumentException("Adam.step needs " + parameters.size() + " gradients. Provided: "
          + (grads == null ? "null" : grads.size()));
    }
    for (int i = 0; i < grads.size(); i++) {
      requireLike("gradient of " + parameters.get(i).name(), grads.get(i), parameters.get(i).value());
    }
    steps++;
    if (steps > Integer.MAX_VALUE) {
      throw new IllegalStateException("Adam counts at most " + Integer.MAX_VALUE + " steps. Taken: " + (steps - 1));
    }
    // ND4J's fused adam_updater computes u = m·lr·√(1 − β2ᵗ)/(1 − β1ᵗ) / (√v + ε′) with t = iteration + 1, in one
    // pass that also updates m and v in place. With ε′ = ε·√(1 − β2ᵗ) this is exactly PyTorch's
    // lr·(m/(1 − β1ᵗ))/(√(v/(1 − β2ᵗ)) + ε).
    double epsilon = config.eps() * Math.sqrt(1 - Math.pow(config.beta2(), steps));
    double decay = 1 - config.lr() * config.weightDecay();
    for (int i = 0; i < grads.size(); i++) {
      INDArray p = parameters.get(i).value();
      INDArray update = scratch.get(i);
      Nd4j.exec(new AdamUpdater(grads.get(i), v.get(i), m.get(i), update, v.get(i), m.get(i), config.lr(),
          config.beta1(), config.beta2(), epsilon, (int) (steps - 1)));
      if (config.weightDecay() > 0) {
        p.muli(decay);                                          // θ ← θ(1 − lr·wd), decoupled
      }
      p.subi(update);
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
