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
    Forward realPass = critic.forward(real, Mode.TRAINING, dropout);
    Forward fakePass = critic.forward(fake, Mode.TRAINING, dropout);
    Wasserstein.CriticLoss w = Wasserstein.criticLoss(realPass.output(), fakePass.output());
    List<LinearFactors> realTerms = critic.perExampleFactors(w.perExampleRealGrad(), realPass.cache());
    List<LinearFactors> fakeTerms = critic.perExampleFactors(w.perExampleFakeGrad(), fakePass.cache());
    GradientPenalty.Result gp = penalty.compute(critic, penalty.interpolate(real, fake, dropout), dropout);
    List<List<LinearFactors>> perLayer = new ArrayList<>();
    for (int l = 0; l < realTerms.size(); l++) {
      perLayer.add(List.of(realTerms.get(l), fakeTerms.get(l), gp.perExampleFactors().get(l)));
    }
    INDArray norms = Transforms.sqrt(PerExampleGradients.totalSquaredNorms(perLayer), false);
    INDArray scale = PerExampleClipping.clipFactors(norms, clipNorm).castTo(norms.dataType());
    if (loss != null) {
      loss[0] = w.value() + gp.value();
    }
    return aggregator.privatize(PerExampleGradients.weightedGradients(perLayer, scale));
  }
}
