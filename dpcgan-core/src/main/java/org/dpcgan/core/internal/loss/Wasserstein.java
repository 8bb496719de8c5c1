package org.dpcgan.core.internal.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Wasserstein GAN losses (Arjovsky, Chintala and Bottou 2017; with the gradient penalty of Gulrajani et
 * al. 2017, see {@link GradientPenalty}): critic loss {@code mean(D(fake)) − mean(D(real))} and generator loss
 * {@code −mean(D(fake))}, with their gradients with respect to the critic outputs.
 */
public final class Wasserstein {
  private Wasserstein() {}

  /**
   * The critic loss and its gradients with respect to {@code dReal [B, 1]} (entries {@code −1/B}) and
   * {@code dFake [B', 1]} (entries {@code 1/B'}).
   */
  public record CriticLoss(double value, INDArray realGrad, INDArray fakeGrad) {
    /**
     * Gradients of the un-averaged per-example losses {@code ℓ_i = D(fake_i) − D(real_i)}: −1 for real rows and
     * +1 for fake rows; pass them to {@code Sequential.backwardPerExample}.
     */
    public INDArray perExampleRealGrad() {
      // Exactly −1, not (−1/B)·B: in float that product is 1 − 2⁻²⁴ for some B, which would tie every row's term
      // to the batch size (a DP step's sample size).
      return Nd4j.valueArrayOf(realGrad.shape(), -1.0, realGrad.dataType());
    }

    /** See {@link #perExampleRealGrad()}. */
    public INDArray perExampleFakeGrad() {
      return Nd4j.valueArrayOf(fakeGrad.shape(), 1.0, fakeGrad.dataType());
    }

    @Override
    public String toString() {
      return "CriticLoss[value=" + value + "]";
    }
  }

  /** The generator loss and its gradient with respect to {@code dFake [B, 1]} (entries {@code −1/B}). */
  public record GeneratorLoss(double value, INDArray fakeGrad) {
    @Override
    public String toString() {
      return "GeneratorLoss[value=" + value + "]";
    }
  }

  /** {@code mean(dFake) − mean(dReal)}. */
  public static CriticLoss criticLoss(INDArray dReal, INDArray dFake) {
    requireScores("dReal", dReal);
    requireScores("dFake", dFake);
    if (dReal.dataType() != dFake.dataType()) {
      throw new IllegalArgumentException("Wasserstein.criticLoss: dReal and dFake must share a dtype. Provided: "
          + dReal.dataType() + " and " + dFake.dataType());
    }
    double value = dFake.meanNumber().doubleValue() - dReal.meanNumber().doubleValue();
    INDArray realGrad = Nd4j.valueArrayOf(dReal.shape(), -1.0 / dReal.size(0), dReal.dataType());
    INDArray fakeGrad = Nd4j.valueArrayOf(dFake.shape(), 1.0 / dFake.size(0), dFake.dataType());
    return new CriticLoss(value, realGrad, fakeGrad);
  }

  /** {@code −mean(dFake)}. */
  public static GeneratorLoss generatorLoss(INDArray dFake) {
    requireScores("dFake", dFake);
    double value = -dFake.meanNumber().doubleValue();
    INDArray fakeGrad = Nd4j.valueArrayOf(dFake.shape(), -1.0 / dFake.size(0), dFake.dataType());
    return new GeneratorLoss(value, fakeGrad);
  }

  private static void requireScores(String what, INDArray scores) {
    if (scores == null || scores.rank() != 2 || scores.size(1) != 1 || scores.size(0) < 1) {
      throw new IllegalArgumentException("Wasserstein: " + what + " must have shape [B, 1]. Provided shape: "
          + (scores == null ? "null" : Arrays.toString(scores.shape())));
    }
    if (!scores.dataType().isFPType()) {
      throw new IllegalArgumentException(
          "Wasserstein: " + what + " must have a floating-point dtype. Provided: " + scores.dataType());
    }
  }
}
