package org.dpcgan.privacy.clipping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The private gradient of DP-SGD steps (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016): it
 * takes each step's per-example gradients, clips each example's whole gradient to L2 norm C
 * ({@link PerExampleClipping}), sums, adds N(0, σ²C²) independently to every coordinate, divides by the
 * <em>expected</em> batch size qN, and counts the step. With Poisson sampling at rate q = B/N each step is the
 * event {@code DpEvent.poissonSampled(q, DpEvent.gaussian(σ))}; {@link #spent()} is what the steps taken so far
 * cost. Dividing by the actual (data-dependent) batch size instead would not be covered by that accounting.
 *
 * <p>This class owns the sensitivity bound: it clips every term itself, and there is no way to add its noise to a
 * sum it did not clip. Not thread-safe (the noise source and the step count have state).
 */
public final class DpSgdAggregator {
  private final double clipNorm;
  private final double noiseMultiplier;
  private final double expectedBatchSize;
  private final long datasetSize;
  private final double samplingRate;
  private final GaussianNoise noise;
  private final OneRunAudit audit;
  private long steps;

  /**
   * @param clipNorm C, finite and &gt; 0
   * @param noiseMultiplier σ, finite and &gt; 0 (noise standard deviation σC)
   * @param expectedBatchSize B = qN, finite and &gt; 0
   * @param datasetSize N &ge; B: the rows each step Poisson-samples with rate q = B/N
   * @param noise the noise source ({@link GaussianNoise#secure()} unless reproducibility is asked for)
   */
  public DpSgdAggregator(double clipNorm, double noiseMultiplier, double expectedBatchSize, long datasetSize,
      GaussianNoise noise) {
    this(clipNorm, noiseMultiplier, expectedBatchSize, datasetSize, noise, OneRunAudit.none());
  }

  private DpSgdAggregator(double clipNorm, double noiseMultiplier, double expectedBatchSize, long datasetSize,
      GaussianNoise noise, OneRunAudit audit) {
    PerExampleClipping.checkClipNorm(clipNorm);
    if (!(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be finite and > 0. Provided value: " + noiseMultiplier);
    }
    if (!(Double.isFinite(expectedBatchSize) && expectedBatchSize > 0)) {
      throw new IllegalArgumentException(
          "expectedBatchSize must be finite and > 0. Provided value: " + expectedBatchSize);
    }
    if (datasetSize < expectedBatchSize) {
      throw new IllegalArgumentException("datasetSize must be >= expectedBatchSize " + expectedBatchSize
          + " (the sampling rate B/N must be at most 1). Provided value: " + datasetSize);
    }
    if (noise == null || audit == null) {
      throw new IllegalArgumentException("noise and audit must not be null");
    }
    this.clipNorm = clipNorm;
    this.noiseMultiplier = noiseMultiplier;
    this.expectedBatchSize = expectedBatchSize;
    this.datasetSize = datasetSize;
    this.samplingRate = expectedBatchSize / datasetSize;
    this.noise = noise;
    this.audit = audit;
  }

  /**
   * This aggregator with the gradient-space canaries of a one-run audit in every step (see {@link OneRunAudit}): the
   * steps it takes from then on feed the audit, on audit coordinates of their own that the released gradients do
   * not include.
   */
  public DpSgdAggregator withAudit(OneRunAudit canaries) {
    if (canaries == null) {
      throw new IllegalArgumentException("canaries must not be null");
    }
    return new DpSgdAggregator(clipNorm, noiseMultiplier, expectedBatchSize, datasetSize, noise, canaries);
  }

  /**
   * One step: (Σ_i clip(g_i) + N(0, σ²C²·I)) / (qN) for each layer, in the layer's type and parameter shape.
   *
   * @param layers the per-example gradients of one Poisson sample, one entry per parameter, all with the same
   *     examples in the same order
   */
  public List<INDArray> aggregate(List<? extends PerExampleGradient> layers) {
    return release(PerExampleClipping.clippedSum(layers, clipNorm));
  }

  /**
   * The step when the Poisson sample is empty: noise only, N(0, σ²C²)/(qN). The step still counts as one event.
   */
  public List<INDArray> aggregateEmptyBatch(List<long[]> parameterShapes, DataType dataType) {
    if (parameterShapes == null) {
      throw new IllegalArgumentException("parameterShapes must not be null");
    }
    List<INDArray> zeros = new ArrayList<>(parameterShapes.size());
    for (long[] shape : parameterShapes) {
      zeros.add(org.nd4j.linalg.factory.Nd4j.zeros(dataType, shape));
    }
    return release(zeros);
  }

  /** Adds the canaries (if auditing), the noise, divides, and counts the step. */
  private List<INDArray> release(List<INDArray> clippedSums) {
    List<INDArray> noised = clippedSums;
    if (audit.active()) {   // the audit's coordinates take the step's noise from the same call as the model's
      noised = new ArrayList<>(clippedSums);
      noised.add(audit.coordinates(samplingRate, clipNorm));
    }
    for (INDArray s : noised) {
      noise.addTo(s, noiseMultiplier * clipNorm);
    }
    if (audit.active()) {
      audit.observe(noised.get(noised.size() - 1));
    }
    for (INDArray s : clippedSums) {
      s.divi(expectedBatchSize);
    }
    steps++;
    return clippedSums;
  }

  /**
   * For a sensitivity audit: the L2 norm, over all layers, of the change of the clipped sum (no noise) from the
   * per-example gradients {@code d} to those of a neighbouring sample {@code dPrime}. DP-SGD's guarantee needs it to
   * be at most C whenever the two samples differ by one example. Takes no step.
   */
  public double clippedSumChange(List<? extends PerExampleGradient> d, List<? extends PerExampleGradient> dPrime) {
    List<INDArray> a = PerExampleClipping.clippedSum(d, clipNorm);
    List<INDArray> b = PerExampleClipping.clippedSum(dPrime, clipNorm);
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("both samples need gradients of the same " + a.size() + " parameters."
          + " Provided: " + a.size() + " and " + b.size());
    }
    double squared = 0;
    for (int l = 0; l < a.size(); l++) {
      INDArray diff = b.get(l).castTo(DataType.DOUBLE).subi(a.get(l).castTo(DataType.DOUBLE));
      double n = diff.norm2Number().doubleValue();
      squared += n * n;
    }
    return Math.sqrt(squared);
  }

  /** The steps taken so far, each one Poisson-subsampled Gaussian event. */
  public long steps() {
    return steps;
  }

  /** What the steps taken so far cost: {@code DpEvent.dpSgd(q, σ, steps)}. */
  public DpEvent spent() {
    return DpEvent.dpSgd(samplingRate, noiseMultiplier, steps);
  }

  /** C. */
  public double clipNorm() {
    return clipNorm;
  }

  /** σ. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** q = B/N. */
  public double samplingRate() {
    return samplingRate;
  }

  /** qN. */
  public double expectedBatchSize() {
    return expectedBatchSize;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DpSgdAggregator[C=%s, σ=%s, q=%.4g, E[B]=%s, %d steps, %s]", clipNorm,
        noiseMultiplier, samplingRate, expectedBatchSize, steps, noise.isSecure() ? "secure noise"
            : "INSECURE seeded noise");
  }
}
