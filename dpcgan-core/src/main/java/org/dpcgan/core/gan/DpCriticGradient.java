package org.dpcgan.core.gan;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.loss.GradientPenalty;
import org.dpcgan.core.loss.Wasserstein;
import org.dpcgan.core.nn.Forward;
import org.dpcgan.core.nn.LinearFactors;
import org.dpcgan.core.nn.Mode;
import org.dpcgan.core.nn.PerExampleGradients;
import org.dpcgan.core.nn.Sequential;
import org.dpcgan.core.random.RandomStream;
import org.dpcgan.privacy.clipping.DpSgdAggregator;
import org.dpcgan.privacy.clipping.PerExampleClipping;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The mechanism of one differentially private critic step (DESIGN.md §4.2; DP-SGD, Abadi et al. 2016): for
 * each sampled real row i and its generated partner, the gradient of the row's whole critic loss
 * {@code ℓ_i = D(fake_i) − D(real_i) + λ(‖∇D(x̂_i)‖ − 1)²} with respect to every critic parameter is formed in
 * factored form (no per-row gradient tensor), its L2 norm over all parameters computed from the factors
 * (Gram identity), scaled to at most C, summed over rows, and released with N(0, σ²C²) noise per coordinate
 * divided by the expected batch size ({@link DpSgdAggregator#privatize}). The critic has no cross-row layer
 * (no batch normalisation), so row i's loss depends on row i alone.
 */
final class DpCriticGradient {
  private DpCriticGradient() {}

  /**
   * The private gradient, aligned with {@code critic.parameters()}.
   *
   * @param real the sampled real rows with their conditions [m, width], one row per pack
   * @param fake their generated partners under the same conditions [m, width]
   * @param clipNorm the bound C applied to each row's gradient (the aggregator's C sets the noise)
   * @param loss receives the mean critic loss of the rows (a statistic the caller must not release); may be null
   */
  static List<INDArray> compute(Sequential critic, GradientPenalty penalty, INDArray real, INDArray fake,
      RandomStream dropout, double clipNorm, DpSgdAggregator aggregator, double[] loss) {
    // Real and fake rows in one stacked pass (the critic has no cross-row layer, so each row's output and
    // factors are those of a pass of its own; its dropout masks are fresh draws, as in two passes).
    long m = real.size(0);
    Forward pass = critic.forward(Nd4j.concat(0, real, fake), Mode.TRAINING, dropout);
    Wasserstein.CriticLoss w = Wasserstein.criticLoss(rows(pass.output(), 0, m), rows(pass.output(), m, 2 * m));
    List<LinearFactors> stacked = critic.perExampleFactors(
        Nd4j.concat(0, w.perExampleRealGrad(), w.perExampleFakeGrad()), pass.cache());
    GradientPenalty.Result gp = penalty.compute(critic, penalty.interpolate(real, fake, dropout), dropout);
    List<List<LinearFactors>> perLayer = new ArrayList<>();
    for (int l = 0; l < stacked.size(); l++) {
      LinearFactors t = stacked.get(l);
      perLayer.add(List.of(new LinearFactors(rows(t.inputs(), 0, m), rows(t.outputGrads(), 0, m)),
          new LinearFactors(rows(t.inputs(), m, 2 * m), rows(t.outputGrads(), m, 2 * m)),
          gp.perExampleFactors().get(l)));
    }
    INDArray norms = Transforms.sqrt(PerExampleGradients.totalSquaredNorms(perLayer), false);
    INDArray scale = PerExampleClipping.clipFactors(norms, clipNorm).castTo(norms.dataType());
    if (loss != null) {
      loss[0] = w.value() + gp.value();
    }
    return aggregator.privatize(PerExampleGradients.weightedGradients(perLayer, scale));
  }

  /** Rows {@code [from, to)} of {@code x}, a view OpenBLAS takes directly ({@code Matmul}). */
  private static INDArray rows(INDArray x, long from, long to) {
    return x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }
}
