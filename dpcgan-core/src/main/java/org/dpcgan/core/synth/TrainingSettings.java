package org.dpcgan.core.synth;

import java.util.List;
import org.dpcgan.core.internal.gan.GanConfig;

/**
 * The network and training settings of a configuration or a trained model, as {@link Synthesizer.Builder} sets
 * them. CTGAN's optimiser, gradient-penalty and dropout settings are fixed; the model file keeps them too.
 *
 * @param epochs passes over the training rows (steps per epoch: {@code max(1, rows / batchSize)})
 * @param batchSize rows per step (for a DP fit, the expected rows per critic step)
 * @param pac rows per critic pack
 * @param discriminatorSteps critic steps per generator step
 * @param latentWidth Z, the width of the generator's noise input
 * @param generatorWidths widths of the generator's residual blocks
 * @param discriminatorWidths widths of the critic's hidden layers
 */
public record TrainingSettings(int epochs, int batchSize, int pac, int discriminatorSteps, int latentWidth,
    List<Integer> generatorWidths, List<Integer> discriminatorWidths) {

  public TrainingSettings {
    generatorWidths = List.copyOf(generatorWidths);
    discriminatorWidths = List.copyOf(discriminatorWidths);
  }

  /** CTGAN's defaults: 300 epochs, batch 500, pac 10, one critic step, Z = 128, widths 256×2. */
  public static TrainingSettings defaults() {
    return of(GanConfig.defaults());
  }

  static TrainingSettings of(GanConfig c) {
    return new TrainingSettings(c.epochs(), c.batchSize(), c.pac(), c.discriminatorSteps(), c.latentWidth(),
        c.generatorWidths(), c.discriminatorWidths());
  }
}
