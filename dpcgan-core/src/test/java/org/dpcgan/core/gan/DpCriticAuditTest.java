package org.dpcgan.core.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.dpcgan.core.loss.GradientPenalty;
import org.dpcgan.core.loss.Wasserstein;
import org.dpcgan.core.nn.Forward;
import org.dpcgan.core.nn.LinearFactors;
import org.dpcgan.core.nn.Mode;
import org.dpcgan.core.nn.PerExampleGradients;
import org.dpcgan.privacy.clipping.PerExampleClipping;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.dpcgan.core.nn.Sequential;
import org.dpcgan.core.optim.Adam;
import org.dpcgan.core.random.RandomStream;
import org.dpcgan.core.random.RandomStreams;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.dpcgan.privacy.clipping.DpSgdAggregator;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A statistical audit of the mechanism the DP trainer runs for each critic step ({@link DpCriticGradient}),
 * with the real critic architecture (Linear, LeakyReLU, gradient penalty) at a tiny width.
 *
 * <p>Neighbouring inputs: D = three real rows with their generated partners, D' = D plus a canary row (far
 * outside the data, so its unclipped gradient is much larger than C) with its own partner; one full-batch
 * step (q = 1) with C = 1 and σ = 1.5, which the accountant charges as one Gaussian event. The observed
 * statistic is the projection of the released gradient on the direction of the canary's clipped gradient. A
 * threshold "above t ⇒ canary present" is chosen on the first runs (their maximum under D) and
 * evaluated on fresh runs; (ε, δ)-DP implies TPR ≤ e^ε·FPR + δ, so ε ≥ log((TPR_lower − δ)/FPR_upper) with
 * Clopper–Pearson bounds at 97.5% each (95% jointly). Dropout is 0 here so that the canary's direction is the
 * same in every run (more power; the guarantee does not depend on it).
 *
 * <p>Power and false-failure rate: with 400 runs per dataset the largest bound any test can show is about
 * log(400/3.7) ≈ 4.7. The passing audit fails only if its bound exceeds the accountant's ε = 2.985, which for
 * a correct mechanism happens with probability below 5% (the joint confidence) and in practice far less (the
 * canary's clipped contribution is 1 against noise of standard deviation 1.5, so the bound stays near 0.5);
 * each broken variant separates the two datasets almost perfectly and reaches about 4–4.7. (Each run is one
 * call of the step, a few milliseconds: more runs would make the suite slow.)
 */
class DpCriticAuditTest {
  private static final double CLIP = 1.0;
  private static final double SIGMA = 1.5;
  private static final double DELTA = 1e-5;
  private static final double CONFIDENCE_EACH_SIDE = 0.975;
  private static final int WIDTH = 4;
  private static final int THRESHOLD_RUNS = 200;
  private static final int AUDIT_RUNS = 400;

  private final Sequential critic;
  private final GradientPenalty penalty = new GradientPenalty(GradientPenalty.DEFAULT_LAMBDA);
  private final INDArray[] d;
  private final INDArray[] dPrime;
  private final List<INDArray> direction;

  DpCriticAuditTest() {
    GanConfig config = new GanConfig(1, 4, 1, 1, 4, List.of(8), List.of(8, 8), Adam.ctganDefaults(),
        Adam.ctganDefaults(), GradientPenalty.DEFAULT_LAMBDA, 0.0, 0.2);
    critic = new Discriminator(config, WIDTH, DataType.FLOAT, RandomStreams.of(3).stream("init")).network();
    INDArray real = Nd4j.createFromArray(new float[][] {{0.1f, -0.2f, 0.3f, 0.5f}, {-0.4f, 0.2f, 0.0f, 0.1f},
        {0.3f, 0.3f, -0.1f, -0.6f}});
    INDArray fake = Nd4j.createFromArray(new float[][] {{0.2f, 0.1f, -0.3f, 0.0f}, {0.0f, -0.5f, 0.4f, 0.2f},
        {-0.2f, 0.4f, 0.1f, 0.3f}});
    INDArray canary = Nd4j.createFromArray(new float[][] {{30f, -30f, 30f, -30f}});
    INDArray partner = Nd4j.createFromArray(new float[][] {{0.1f, 0.1f, 0.1f, 0.1f}});
    d = new INDArray[] {real, fake};
    dPrime = new INDArray[] {Nd4j.concat(0, real, canary), Nd4j.concat(0, fake, partner)};
    // The canary's clipped contribution (noise negligible): the released sum with it minus the sum without it.
    DpSgdAggregator exact = new DpSgdAggregator(CLIP, 1e-12, 1, GaussianNoise.insecureSeeded(1));
    List<INDArray> with = DpCriticGradient.compute(critic, penalty, dPrime[0], dPrime[1], coins(), CLIP, exact, null);
    List<INDArray> without = DpCriticGradient.compute(critic, penalty, d[0], d[1], coins(), CLIP, exact, null);
    List<INDArray> g = java.util.stream.IntStream.range(0, with.size()).mapToObj(i -> with.get(i).sub(without.get(i)))
        .toList();
    double norm = Math.sqrt(g.stream().mapToDouble(a -> Math.pow(a.norm2Number().doubleValue(), 2)).sum());
    assertThat(norm).as("the canary's clipped gradient has norm C").isCloseTo(CLIP, within(1e-3));
    direction = g.stream().map(a -> a.div(norm)).toList();
  }

  /**
   * The step's own coins (interpolation weights; dropout is 0), the same in every run: the guarantee holds for
   * every value of them, so fixing them audits the mechanism conditionally, with more power. Only the noise
   * differs from run to run.
   */
  private static RandomStream coins() {
    return RandomStreams.of(5).stream("dropout");
  }

  /** The statistic of {@code runs} releases of the step on {@code rows} (real, fake), sorted. */
  private double[] run(INDArray[] rows, int runs, double clipUsed, DpSgdAggregator mechanism) {
    double[] out = new double[runs];
    for (int r = 0; r < runs; r++) {
      List<INDArray> g = DpCriticGradient.compute(critic, penalty, rows[0], rows[1], coins(), clipUsed, mechanism,
          null);
      double dot = 0;
      for (int i = 0; i < g.size(); i++) {
        dot += g.get(i).mul(direction.get(i)).sumNumber().doubleValue();
      }
      out[r] = dot;
    }
    Arrays.sort(out);
    return out;
  }

  @Test
  void theStackedRealAndFakePass_givesTheClippedSumOfTwoSeparatePasses() {
    // Dropout is 0 here, so two separate passes (the form before stacking) are the reference.
    DpSgdAggregator exact = new DpSgdAggregator(CLIP, 1e-12, 1, GaussianNoise.insecureSeeded(1));
    for (INDArray[] rows : new INDArray[][] {d, dPrime}) {
      List<INDArray> stacked = DpCriticGradient.compute(critic, penalty, rows[0], rows[1], coins(), CLIP, exact, null);
      Forward realPass = critic.forward(rows[0], Mode.TRAINING, coins());
      Forward fakePass = critic.forward(rows[1], Mode.TRAINING, coins());
      Wasserstein.CriticLoss w = Wasserstein.criticLoss(realPass.output(), fakePass.output());
      List<LinearFactors> realTerms = critic.perExampleFactors(w.perExampleRealGrad(), realPass.cache());
      List<LinearFactors> fakeTerms = critic.perExampleFactors(w.perExampleFakeGrad(), fakePass.cache());
      RandomStream gpCoins = coins();
      GradientPenalty.Result gp = penalty.compute(critic, penalty.interpolate(rows[0], rows[1], gpCoins), gpCoins);
      List<List<LinearFactors>> perLayer = new java.util.ArrayList<>();
      for (int l = 0; l < realTerms.size(); l++) {
        perLayer.add(List.of(realTerms.get(l), fakeTerms.get(l), gp.perExampleFactors().get(l)));
      }
      INDArray norms = Transforms.sqrt(PerExampleGradients.totalSquaredNorms(perLayer), false);
      INDArray scale = PerExampleClipping.clipFactors(norms, CLIP).castTo(norms.dataType());
      List<INDArray> separate = PerExampleGradients.weightedGradients(perLayer, scale);
      for (int i = 0; i < separate.size(); i++) {
        assertThat(stacked.get(i).sub(separate.get(i)).amaxNumber().doubleValue()).as("parameter %d", i)
            .isLessThan(1e-5);
      }
    }
  }

  private static long countAbove(double[] sorted, double t) {
    return Arrays.stream(sorted).filter(v -> v > t).count();
  }

  private static double upper(long k, long n) {
    return k == n ? 1 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(CONFIDENCE_EACH_SIDE);
  }

  private static double lower(long k, long n) {
    return k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(1 - CONFIDENCE_EACH_SIDE);
  }

  /**
   * The empirical ε lower bound of the step when it clips at {@code clipUsed} and adds noise with multiplier
   * {@code sigmaUsed} (relative to C = 1), while the accountant charges C = 1 and σ = 1.5.
   */
  private double audit(double clipUsed, double sigmaUsed, long seed) {
    DpSgdAggregator mechanism = new DpSgdAggregator(CLIP, sigmaUsed, 3, GaussianNoise.insecureSeeded(seed));
    double[] calibration = run(d, THRESHOLD_RUNS, clipUsed, mechanism);
    double threshold = calibration[THRESHOLD_RUNS - 1];   // false-positive rate about 1/THRESHOLD_RUNS
    long falsePositives = countAbove(run(d, AUDIT_RUNS, clipUsed, mechanism), threshold);
    long truePositives = countAbove(run(dPrime, AUDIT_RUNS, clipUsed, mechanism), threshold);
    double tpr = lower(truePositives, AUDIT_RUNS);
    double fpr = upper(falsePositives, AUDIT_RUNS);
    return tpr - DELTA <= 0 ? 0 : Math.max(0, Math.log((tpr - DELTA) / fpr));
  }

  private static double accountantEpsilon() {
    return RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(1.0, SIGMA, 1)).epsilon(DELTA).epsilon();
  }

  @Test
  void empiricalEpsilon_ofTheCriticStep_staysBelowTheLedger() {
    double ledger = accountantEpsilon();
    double empirical = audit(CLIP, SIGMA, 11);
    assertThat(empirical).as("empirical ε lower bound (ledger ε = %s)", ledger).isLessThan(ledger);
  }

  @Test
  void noiseTenTimesTooSmall_isCaughtByTheAudit() {
    double ledger = accountantEpsilon();
    double empirical = audit(CLIP, SIGMA / 10, 12);
    assertThat(empirical).as("empirical ε lower bound (ledger ε = %s)", ledger).isGreaterThan(ledger);
  }

  @Test
  void clippingSwitchedOff_isCaughtByTheAudit() {
    double ledger = accountantEpsilon();
    double empirical = audit(1e6, SIGMA, 13);
    assertThat(empirical).as("empirical ε lower bound (ledger ε = %s)", ledger).isGreaterThan(ledger);
  }
}
