package org.dpcgan.core.synth;

/** Receives each epoch's statistics while {@link Synthesizer#fit} trains ({@link Synthesizer.Builder#listener}). */
@FunctionalInterface
public interface FitListener {
  /** Called on the fitting thread after each epoch. */
  void onEpoch(EpochStats stats);
}
