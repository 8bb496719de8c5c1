package org.dpcgan.privacy.clipping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-example L2 clipping across all parameters of a model (Abadi et al., "Deep Learning with Differential
 * Privacy", CCS 2016, Algorithm 1): example i's whole gradient g_i (all layers together) is scaled by
 * c_i = min(1, C'/‖g_i‖), so that each example changes the clipped sum by at most C in L2 norm — the
 * sensitivity the Gaussian noise is calibrated to.
 *
 * <p>Norms are computed in double from the gradients' values ({@link PerExampleGradient#squaredNorms}), and the
 * bound used is C' = C·(1 − {@value #MARGIN}): the factor's rounding to the gradients' float type (a relative
 * 2⁻²⁴ at most) then cannot take a term above C. The margin shrinks clipped terms by one part in a million and
 * costs no privacy. Float rounding inside the sum of the terms is not bounded here (as in every float DP-SGD
 * implementation); docs/privacy.md says so.
 *
 * <p>An example whose gradient is not finite (NaN or ±∞, e.g. after a diverged step) contributes nothing: it could
 * not be clipped. Per-example norms and factors are returned so callers can inspect them in tests; never log them:
 * they are functions of single records.
 */
public final class PerExampleClipping {
  /** Relative margin below C of every clipped term's norm, in exact arithmetic: 2⁻²⁰ ≈ 9.5e-7. */
  public static final double MARGIN = 0x1p-20;

  private PerExampleClipping() {}

  /** ‖g_i‖ over all layers, shape [B], DOUBLE. */
  public static INDArray norms(List<? extends PerExampleGradient> layers) {
    long b = checkLayers(layers);
    INDArray total = null;
    for (INDArray squared : eachLayer(layers, PerExampleGradient::squaredNorms)) {
      INDArray sq = squared.castTo(DataType.DOUBLE).reshape(b);
      total = total == null ? sq.dup() : total.addi(sq);
    }
    return Transforms.sqrt(total, false);
  }

  /** c_i = min(1, C·(1 − {@link #MARGIN})/‖g_i‖) (1 for a zero gradient), shape [B], DOUBLE. */
  public static INDArray clipFactors(INDArray norms, double clipNorm) {
    checkClipNorm(clipNorm);
    double bound = clipNorm * (1 - MARGIN);
    return Transforms.max(norms.castTo(DataType.DOUBLE), bound, true).rdivi(bound);
  }

  /**
   * Σ_i c_i g_i for each layer, in the layer's data type and parameter shape: the clipped sum whose L2
   * sensitivity to adding or removing one example is at most {@code clipNorm}. Not private by itself:
   * {@link DpSgdAggregator} adds the noise.
   */
  public static List<INDArray> clippedSum(List<? extends PerExampleGradient> layers, double clipNorm) {
    checkClipNorm(clipNorm);
    INDArray norms = norms(layers);
    boolean[] nonFinite = nonFinite(norms);
    List<? extends PerExampleGradient> terms = layers;
    if (nonFinite != null) {
      // A NaN or infinite term would escape clipping (and 0·∞ is NaN): such an example contributes nothing.
      terms = layers.stream().map(l -> l.withoutExamples(nonFinite)).toList();
      norms = norms(terms);
    }
    INDArray c = clipFactors(norms, clipNorm);
    return new ArrayList<>(eachLayer(terms, layer -> layer.weightedSum(c)));
  }

  /**
   * {@code f} of every layer, in the layers' order, the layers shared among the common fork-join pool's threads (a
   * layer's result is computed whole by one thread, so it does not depend on their number): with the launcher's
   * one-threaded OpenBLAS the products would otherwise leave the second core idle.
   */
  private static List<INDArray> eachLayer(List<? extends PerExampleGradient> layers,
      Function<PerExampleGradient, INDArray> f) {
    INDArray[] out = new INDArray[layers.size()];
    IntStream.range(0, out.length).parallel().forEach(l -> out[l] = f.apply(layers.get(l)));
    return Arrays.asList(out);
  }

  /** Which norms are NaN or infinite, or null when all are finite. */
  private static boolean[] nonFinite(INDArray norms) {
    double[] n = norms.toDoubleVector();
    boolean[] out = null;
    for (int i = 0; i < n.length; i++) {
      if (!Double.isFinite(n[i])) {
        if (out == null) {
          out = new boolean[n.length];
        }
        out[i] = true;
      }
    }
    return out;
  }

  static void checkClipNorm(double clipNorm) {
    if (!(Double.isFinite(clipNorm) && clipNorm > 0)) {
      throw new IllegalArgumentException("clipNorm must be finite and > 0. Provided value: " + clipNorm);
    }
  }

  private static long checkLayers(List<? extends PerExampleGradient> layers) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("clipping needs at least one layer gradient. Provided: " + layers);
    }
    long b = layers.get(0).batchSize();
    for (PerExampleGradient layer : layers) {
      if (layer.batchSize() != b) {
        throw new IllegalArgumentException("all layer gradients need the same batch size. Provided: " + b
            + " (" + layers.get(0) + ") and " + layer.batchSize() + " (" + layer + ")");
      }
    }
    if (b < 1) {
      throw new IllegalArgumentException("clipping needs at least one example; for an empty Poisson batch use "
          + "DpSgdAggregator.aggregateEmptyBatch. Provided batch size: " + b);
    }
    return b;
  }
}
