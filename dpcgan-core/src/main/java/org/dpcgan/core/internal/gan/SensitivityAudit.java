package org.dpcgan.core.internal.gan;


/**
 * The sensitivity audit of the DP critic step (DESIGN.md §4, "Audit"): along a real DP training of the rows, at every
 * step, the step the trainer runs is computed (noise off) on the step's Poisson sample and on the sample with one
 * canary row added, for each canary; the largest change of the clipped sum, in units of C, must not exceed 1. A
 * change above 1 means some other row's term moved when the canary joined: a cross-row leak (or no clipping).
 */
public final class SensitivityAudit {
  private SensitivityAudit() {}

  /**
   * The audit's outcome.
   *
   * @param maxRatio the largest change of the clipped sum seen, in units of C (at most 1 up to float rounding)
   * @param steps the steps measured
   * @param canaries the canary rows each step was measured with
   */
  public record Result(double maxRatio, long steps, int canaries) {}

  /**
   * Runs the audit for {@code steps} steps of the DP training {@code request}.
   *
   * @param request a DP training whose data's first {@code population} rows are the table's (Poisson-sampled as in
   *     training) and the rest canaries, with a row sampler over all of them (their own conditions)
   */
  public static Result run(GanTrainer trainer, TrainingRequest request, int population, int steps) {
    return run(trainer, request, population, steps, DpFault.NONE);
  }

  /** {@link #run} with a deliberately broken step: the audit must catch it. */
  static Result run(GanTrainer trainer, TrainingRequest request, int population, int steps, DpFault fault) {
    int canaries = request.data().rows() - population;
    if (canaries < 1 || steps < 1) {
      throw new IllegalArgumentException("a sensitivity audit needs at least one canary row and one step. Provided: "
          + canaries + " canaries, " + steps + " steps");
    }
    int[] canaryRows = new int[canaries];
    for (int k = 0; k < canaries; k++) {
      canaryRows[k] = population + k;
    }
    DpStepProbe probe = trainer.probe(request, population, fault);
    double max = 0;
    long measured = 0;
    for (int s = 0; s < steps; s++) {
      int[] sample = probe.sample();
      if (sample.length > 0) {
        for (double change : probe.changes(sample, canaryRows, probe.steps())) {
          max = Math.max(max, change);
        }
        measured++;
      }
      probe.trainStep();
    }
    return new Result(max, measured, canaries);
  }
}
