package org.dpcgan.core.internal.gan;

import java.util.List;
import org.dpcgan.core.internal.optim.Adam;

/**
 * Architecture and training settings of the conditional GAN (DESIGN.md §3). Defaults follow CTGAN.
 *
 * @param epochs passes over the training rows (steps per epoch = max(1, N / batchSize))
 * @param batchSize rows per step; a multiple of {@code pac}
 * @param pac rows per discriminator pack
 * @param discriminatorSteps critic steps per generator step
 * @param latentWidth Z, the width of the generator's noise input
 * @param generatorWidths widths of the generator's residual blocks
 * @param discriminatorWidths widths of the critic's hidden layers
 * @param generatorOptimizer Adam for the generator
 * @param discriminatorOptimizer Adam for the critic
 * @param penaltyWeight λ of the gradient penalty
 * @param dropout the critic's dropout probability
 * @param leakySlope the critic's LeakyReLU slope
 */
public record GanConfig(
    int epochs,
    int batchSize,
    int pac,
    int discriminatorSteps,
    int latentWidth,
    List<Integer> generatorWidths,
    List<Integer> discriminatorWidths,
    Adam generatorOptimizer,
    Adam discriminatorOptimizer,
    double penaltyWeight,
    double dropout,
    double leakySlope) {

  /** CTGAN's defaults: 300 epochs, batch 500, pac 10, one critic step, Z = 128, widths 256×2. */
  public static GanConfig defaults() {
    return new GanConfig(300, 500, 10, 1, 128, List.of(256, 256), List.of(256, 256),
        Adam.ctganDefaults(), Adam.ctganDefaults(), 10.0, 0.5, 0.2);
  }

  public GanConfig {
    requireAtLeast("epochs", epochs, 1);
    requireAtLeast("batchSize", batchSize, 1);
    requireAtLeast("pac", pac, 1);
    requireAtLeast("discriminatorSteps", discriminatorSteps, 1);
    requireAtLeast("latentWidth", latentWidth, 1);
    if (batchSize % pac != 0) {
      throw new IllegalArgumentException("batchSize must be a multiple of pac. Provided: batchSize=" + batchSize
          + ", pac=" + pac);
    }
    generatorWidths = widths("generatorWidths", generatorWidths);
    discriminatorWidths = widths("discriminatorWidths", discriminatorWidths);
    if (generatorOptimizer == null || discriminatorOptimizer == null) {
      throw new IllegalArgumentException("optimizers must not be null");
    }
    if (!(penaltyWeight >= 0) || Double.isInfinite(penaltyWeight)) {
      throw new IllegalArgumentException("penaltyWeight must be finite and >= 0. Provided value: " + penaltyWeight);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1). Provided value: " + dropout);
    }
    if (!(leakySlope >= 0 && leakySlope < 1)) {
      throw new IllegalArgumentException("leakySlope must be in [0, 1). Provided value: " + leakySlope);
    }
  }

  /** Generator steps in an epoch over {@code rows} rows: {@code max(1, rows / batchSize)}. */
  public int stepsPerEpoch(int rows) {
    return Math.max(1, rows / batchSize);
  }

  /**
   * The critic steps a training of {@code rows} rows plans: {@code epochs · stepsPerEpoch(rows) · discriminatorSteps}.
   * A DP fit calibrates σ for exactly these (fewer when an ε cap stops it early).
   */
  public long plannedCriticSteps(int rows) {
    return (long) epochs * stepsPerEpoch(rows) * discriminatorSteps;
  }

  /** A copy with another epoch count. */
  public GanConfig withEpochs(int newEpochs) {
    return new GanConfig(newEpochs, batchSize, pac, discriminatorSteps, latentWidth, generatorWidths,
        discriminatorWidths, generatorOptimizer, discriminatorOptimizer, penaltyWeight, dropout, leakySlope);
  }

  /** A copy with another batch size and pac. */
  public GanConfig withBatch(int newBatchSize, int newPac) {
    return new GanConfig(epochs, newBatchSize, newPac, discriminatorSteps, latentWidth, generatorWidths,
        discriminatorWidths, generatorOptimizer, discriminatorOptimizer, penaltyWeight, dropout, leakySlope);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ". Provided value: " + value);
    }
  }

  private static List<Integer> widths(String name, List<Integer> widths) {
    if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
      throw new IllegalArgumentException(name + " must be a non-empty list of widths >= 1. Provided value: "
          + widths);
    }
    return List.copyOf(widths);
  }
}
