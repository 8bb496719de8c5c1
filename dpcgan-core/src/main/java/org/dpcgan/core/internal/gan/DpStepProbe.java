package org.dpcgan.core.internal.gan;

import java.util.Arrays;
import org.dpcgan.core.internal.exec.Arena;

/**
 * The real DP critic step of a training, one step at a time, for a sensitivity audit (DESIGN.md §4, "Audit"): for a
 * Poisson sample of the rows and a canary row outside them, {@link #change} is how far the clipped sum (no noise)
 * moves when the canary joins the sample, in units of C; DP-SGD's guarantee needs it to be at most 1.
 * {@link #trainStep} then takes the step as training does (noise on), so that later measurements see a trained
 * critic and generator. Made by {@link GanTrainer#probe}.
 */
final class DpStepProbe {
  private final GanTrainer.Run run;

  DpStepProbe(GanTrainer.Run run) {
    this.run = run;
  }

  /** A Poisson sample of the population rows, as the next training step draws it. */
  int[] sample() {
    return run.poisson.sample(run.population, run.dp.sampling());
  }

  /**
   * The changes of step {@code step}'s clipped sum when each of the rows {@code canaries} joins {@code sample} on its
   * own, in units of C: the per-row gradients come from the step the trainer runs, with the same secret key for
   * every sample.
   */
  double[] changes(int[] sample, int[] canaries, long step) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("the probe needs a non-empty sample");
    }
    var without = run.dpTerms(sample, step).gradients();
    double[] out = new double[canaries.length];
    for (int k = 0; k < canaries.length; k++) {
      int[] with = Arrays.copyOf(sample, sample.length + 1);
      with[sample.length] = canaries[k];
      out[k] = run.aggregator.clippedSumChange(without, run.dpTerms(with, step).gradients()) / run.dp.clipNorm();
    }
    return out;
  }

  /** One training step: a noisy critic update and a generator update. */
  void trainStep() {
    try (var arena = Arena.open("dpcgan-probe-step")) {
      run.dpCriticStep();
    }
    try (var arena = Arena.open("dpcgan-probe-step")) {
      run.generatorStep();
    }
  }

  /** The DP steps taken. */
  long steps() {
    return run.dpSteps();
  }
}
