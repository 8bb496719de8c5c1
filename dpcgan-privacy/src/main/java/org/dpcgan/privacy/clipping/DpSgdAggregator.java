package org.dpcgan.privacy.clipping;

import java.util.ArrayList;

import java.util.List;
import java.util.Locale;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The private gradient of one DP-SGD step (Abadi et al., "Deep Learning with Differential Privacy", CCS
 * 2016): clip each example's whole gradient to L2 norm C, sum, add N(0, σ²C²) independently to every
 * coordinate, and divide by the <em>expected</em> batch size qN. With Poisson sampling at rate q this step is
 * the event {@code DpEvent.poissonSampled(q, DpEvent.gaussian(σ))}; dividing by the actual (data-dependent)
 * batch size instead would not be covered by that accounting.
 *
 * <p>Not thread-safe (the noise source has state).
 */
public final class DpSgdAggregator {
  private final double clipNorm;
  private final double noiseMultiplier;
  private final double expectedBatchSize;
  private final GaussianNoise noise;

  /**
   * @param clipNorm C, finite and &gt; 0
   * @param noiseMultiplier σ, finite and &gt; 0 (noise standard deviation σC)
   * @param expectedBatchSize qN, finite and &gt; 0
   * @param noise the noise source ({@link GaussianNoise#secure()} unless reproducibility is asked for)
   */
  public DpSgdAggregator(double clipNorm, double noiseMultiplier, double expectedBatchSize, GaussianNoise noise) {
    PerExampleClipping.checkClipNorm(clipNorm);
    if (!(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be finite and > 0. Provided value: " + noiseMultiplier);
    }
    if (!(Double.isFinite(expectedBatchSize) && expectedBatchSize > 0)) {
      throw new IllegalArgumentException(
          "expectedBatchSize must be finite and > 0. Provided value: " + expectedBatchSize);
    }
    if (noise == null) {
      throw new IllegalArgumentException("noise must not be null");
    }
    this.clipNorm = clipNorm;
    this.noiseMultiplier = noiseMultiplier;
    this.expectedBatchSize = expectedBatchSize;
    this.noise = noise;
  }

  /** (Σ_i clip(g_i) + N(0, σ²C²·I)) / (qN) for each layer, in the layer's type and parameter shape. */
  public List<INDArray> aggregate(List<? extends PerExampleGradient> layers) {
    return privatize(PerExampleClipping.clippedSum(layers, clipNorm));
  }

  /**
   * (S + N(0, σ²C²·I)) / (qN) for sums S of per-example gradients that the caller has already clipped to C
   * (e.g. from factored gradients of a model this module does not know); updates the arrays in place and
   * returns them. The guarantee holds only if every example's contribution to S has L2 norm at most C.
   */
  public List<INDArray> privatize(List<INDArray> clippedSums) {
    if (clippedSums == null) {
      throw new IllegalArgumentException("clippedSums must not be null");
    }
    for (INDArray s : clippedSums) {
      noise.addTo(s, noiseMultiplier * clipNorm).divi(expectedBatchSize);
    }
    return clippedSums;
  }

  /**
   * The private gradient when the Poisson sample is empty: noise only, N(0, σ²C²)/(qN). The step still
   * counts as one event.
   */
  public List<INDArray> aggregateEmptyBatch(List<long[]> parameterShapes, DataType dataType) {
    if (parameterShapes == null) {
      throw new IllegalArgumentException("parameterShapes must not be null");
    }
    List<INDArray> out = new ArrayList<>(parameterShapes.size());
    for (long[] shape : parameterShapes) {
      out.add(noise.sample(dataType, noiseMultiplier * clipNorm, shape).divi(expectedBatchSize));
    }
    return out;
  }

  /** C. */
  public double clipNorm() {
    return clipNorm;
  }

  /** σ. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** qN. */
  public double expectedBatchSize() {
    return expectedBatchSize;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DpSgdAggregator[C=%s, σ=%s, E[B]=%s, %s]", clipNorm, noiseMultiplier,
        expectedBatchSize, noise.isSecure() ? "secure noise" : "INSECURE seeded noise");
  }

}
