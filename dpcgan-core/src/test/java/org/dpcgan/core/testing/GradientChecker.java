package org.dpcgan.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.dpcgan.core.internal.nn.Backward;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.Layer;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central-difference gradient checks in double precision, after DL4J's {@code GradientCheckUtil}: each element
 * {@code x_k} of a variable is perturbed by ±h in place, the numerical derivative
 * {@code (f(x + h) − f(x − h))/(2h)} is compared with the analytic one, and an element passes when the relative
 * error {@code |a − n|/(|a| + |n|)} is at most {@code maxRelError} or the absolute error {@code |a − n|} is at
 * most {@code minAbsError}. Refuses FLOAT arrays: single precision cannot resolve the differences.
 */
public final class GradientChecker {
  /** Perturbation h. */
  public static final double DEFAULT_STEP = 1e-6;
  /** Largest allowed relative error. */
  public static final double DEFAULT_MAX_REL_ERROR = 1e-6;
  /** Absolute floor: differences below it pass whatever their relative size (round-off of f/h ≈ 1e-10·|f|). */
  public static final double DEFAULT_MIN_ABS_ERROR = 1e-8;

  private final double step;
  private final double maxRelError;
  private final double minAbsError;
  private final int maxPerVariable;

  private GradientChecker(double step, double maxRelError, double minAbsError, int maxPerVariable) {
    this.step = step;
    this.maxRelError = maxRelError;
    this.minAbsError = minAbsError;
    this.maxPerVariable = maxPerVariable;
  }

  public static GradientChecker standard() {
    return new GradientChecker(DEFAULT_STEP, DEFAULT_MAX_REL_ERROR, DEFAULT_MIN_ABS_ERROR, Integer.MAX_VALUE);
  }

  /**
   * The same checker, but checking at most {@code max} elements per variable, evenly strided over the variable
   * (first and spread-out elements; deterministic), to bound the cost of checks on larger stacks.
   */
  public GradientChecker atMostPerVariable(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be > 0. Provided value: " + max);
    }
    return new GradientChecker(step, maxRelError, minAbsError, max);
  }

  public static GradientChecker of(double step, double maxRelError, double minAbsError) {
    for (double v : new double[] {step, maxRelError, minAbsError}) {
      if (!Double.isFinite(v) || v <= 0) {
        throw new IllegalArgumentException("step and tolerances must be finite and > 0. Provided value: " + v);
      }
    }
    return new GradientChecker(step, maxRelError, minAbsError, Integer.MAX_VALUE);
  }

  /**
   * Checks {@code analytic} against central differences of {@code loss} with respect to {@code variable}, which
   * is perturbed in place (and restored). {@code loss} must read {@code variable} afresh on each call.
   *
   * @return the number of elements checked (all, unless {@link #atMostPerVariable} was used)
   * @throws AssertionError listing the worst failing elements
   */
  public int check(String what, DoubleSupplier loss, INDArray variable, INDArray analytic) {
    requireDouble(what + " variable", variable);
    requireDouble(what + " analytic gradient", analytic);
    if (variable.length() != analytic.length()) {
      throw new IllegalArgumentException(what + ": analytic gradient must have the variable's shape "
          + Arrays.toString(variable.shape()) + ". Provided: " + Arrays.toString(analytic.shape()));
    }
    if (variable.ordering() != 'c' || variable.isView()) {
      throw new IllegalArgumentException(what + ": variable must be a c-ordered array, not a view, so that it"
          + " can be perturbed in place by linear index");
    }
    INDArray flat = variable;
    double[] a = analytic.dup('c').reshape(analytic.length()).toDoubleVector();
    List<String> failures = new ArrayList<>();
    double worst = 0;
    int stride = Math.max(1, (a.length + maxPerVariable - 1) / maxPerVariable);
    int checked = 0;
    for (int k = 0; k < a.length; k += stride) {
      checked++;
      double original = flat.getDouble(k);
      flat.putScalar(k, original + step);
      double plus = loss.getAsDouble();
      flat.putScalar(k, original - step);
      double minus = loss.getAsDouble();
      flat.putScalar(k, original);
      double numeric = (plus - minus) / (2 * step);
      double abs = Math.abs(a[k] - numeric);
      double rel = abs == 0 ? 0 : abs / (Math.abs(a[k]) + Math.abs(numeric));
      if (rel > maxRelError && abs > minAbsError) {
        worst = Math.max(worst, rel);
        if (failures.size() < 8) {
          failures.add(String.format("  [%d] analytic=%.12g numeric=%.12g rel=%.3g abs=%.3g",
              k, a[k], numeric, rel, abs));
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(what + ": gradient check failed (maxRelError=" + maxRelError + ", minAbsError="
          + minAbsError + ", worst rel=" + worst + "):\n" + String.join("\n", failures));
    }
    return checked;
  }

  /**
   * Checks a layer's input and parameter gradients for the scalar loss {@code Σ y ∘ R}, with R a fixed random
   * projection of the output (so every output element matters). {@code rng} must supply a stream in the same
   * state on each call (e.g. {@code () -> RandomStreams.of(7).stream("dropout")}) so that dropout masks and
   * Gumbel noise stay fixed.
   *
   * @return the number of elements checked
   */
  public int checkLayer(Layer layer, INDArray input, Mode mode, Supplier<RandomStream> rng) {
    requireDouble(layer.name() + " input", input);
    Forward f = layer.forward(input, mode, rng.get());
    INDArray projection = RandomStreams.of(12345).stream("projection")
        .normal(DataType.DOUBLE, 0.0, 1.0, f.output().shape());
    Backward b = layer.backward(projection, f.cache());
    DoubleSupplier loss = () -> layer.forward(input, mode, rng.get()).output().mul(projection).sumNumber()
        .doubleValue();
    int checked = check(layer.name() + " input", loss, input, b.inputGrad());
    List<Parameter> params = layer.parameters();
    for (int i = 0; i < params.size(); i++) {
      checked += check(params.get(i).name(), loss, params.get(i).value(), b.parameterGrads().get(i));
    }
    return checked;
  }

  private static void requireDouble(String what, INDArray a) {
    if (a == null || a.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("GradientChecker needs DOUBLE arrays (float cannot resolve central"
          + " differences). " + what + " has dtype: " + (a == null ? "null" : a.dataType()));
    }
  }

  @Override
  public String toString() {
    return "GradientChecker[h=" + step + ", maxRelError=" + maxRelError + ", minAbsError=" + minAbsError + "]";
  }
}
