package org.dpcgan.core.internal.gan;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.loss.GradientPenalty;
import org.dpcgan.core.internal.loss.Wasserstein;
import org.dpcgan.core.internal.nn.Forward;
import org.dpcgan.core.internal.nn.LinearFactors;
import org.dpcgan.core.internal.nn.Mode;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.privacy.clipping.DenseGradient;
import org.dpcgan.privacy.clipping.FactoredGradient;
import org.dpcgan.privacy.clipping.PerExampleGradient;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-row critic gradients of one differentially private critic step (DESIGN.md §4.2; DP-SGD, Abadi et al.
 * 2016): for each sampled real row i and its generated partner, the gradient of the row's whole critic loss
 * {@code ℓ_i = D(fake_i) − D(real_i) + λ(‖∇D(x̂_i)‖ − 1)²} with respect to every critic parameter, in factored form
 * (no per-row weight-gradient tensor). The privacy module clips, sums, noises and counts them
 * ({@link org.dpcgan.privacy.clipping.DpSgdAggregator#aggregate}). The critic has no cross-row layer and every
 * random draw here comes from a row-keyed stream, so row i's gradient depends on row i, its partner and row i's own
 * randomness alone.
 */
final class DpCriticGradient {
  private DpCriticGradient() {}

  /**
   * The rows' gradients, one {@link PerExampleGradient} per critic parameter ({@code [W_0, b_0, W_1, b_1, …]}), and
   * the mean critic loss of the rows (a statistic of the real rows the caller must not release).
   */
  record Terms(List<PerExampleGradient> gradients, double loss) {}

  /**
   * @param real the sampled real rows with their conditions [m, width], one row per pack
   * @param fake their generated partners under the same conditions [m, width]
   * @param rng the step's row-keyed stream of the m rows (dropout masks, interpolation weights)
   * @param helper where the penalty's products split (the critic's own layers carry theirs)
   */
  static Terms compute(Sequential critic, GradientPenalty penalty, INDArray real, INDArray fake, RandomStream rng,
      SecondThread helper) {
    // Real and fake rows in one stacked pass (the critic has no cross-row layer, so each row's output and
    // factors are those of a pass of its own; a row-keyed stream gives real row i and fake row i masks of their own).
    long m = real.size(0);
    Forward pass = critic.forward(Nd4j.concat(0, real, fake), Mode.TRAINING, rng);
    Wasserstein.CriticLoss w = Wasserstein.criticLoss(rows(pass.output(), 0, m), rows(pass.output(), m, 2 * m));
    List<LinearFactors> stacked = critic.perExampleFactors(
        Nd4j.concat(0, w.perExampleRealGrad(), w.perExampleFakeGrad()), pass.cache());
    GradientPenalty.Result gp = penalty.compute(critic, penalty.interpolate(real, fake, rng), rng, helper);
    List<PerExampleGradient> gradients = new ArrayList<>(2 * stacked.size());
    for (int l = 0; l < stacked.size(); l++) {
      LinearFactors t = stacked.get(l);
      gradients.addAll(layerGradients(new LinearFactors(rows(t.inputs(), 0, m), rows(t.outputGrads(), 0, m)),
          new LinearFactors(rows(t.inputs(), m, 2 * m), rows(t.outputGrads(), m, 2 * m)),
          gp.perExampleFactors().get(l)));
    }
    return new Terms(gradients, w.value() + gp.value());
  }

  /**
   * One Linear layer's per-row gradients from its real, fake and penalty terms: the weight's as the sum of the three
   * factored terms, the bias's as the real and fake output gradients (the penalty's term has no bias part).
   */
  static List<PerExampleGradient> layerGradients(LinearFactors real, LinearFactors fake, LinearFactors penalty) {
    return List.of(
        new FactoredGradient(List.of(new FactoredGradient.Factor(real.inputs(), real.outputGrads()),
            new FactoredGradient.Factor(fake.inputs(), fake.outputGrads()),
            new FactoredGradient.Factor(penalty.inputs(), penalty.outputGrads()))),
        new DenseGradient(real.outputGrads().add(fake.outputGrads())));
  }

  /** Rows {@code [from, to)} of {@code x}, a view. */
  private static INDArray rows(INDArray x, long from, long to) {
    return x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }
}
