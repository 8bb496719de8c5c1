package org.dpcgan.core.synth;

/** Receives each epoch's statistics while {@link Synthesizer#fit} trains ({@link Synthesizer.Builder#listener}). */
@FunctionalInterface
public interface FitListener {
  /** Called on the fitting thread after each epoch. */
  void onEpoch(EpochStats stats);

  /**
   * Called on the fitting thread once the rows are read and encoded, before the first epoch: a fit that fails on its
   * input fails before this (a progress display starts here).
   */
  default void onTrainingStart() { }
}
