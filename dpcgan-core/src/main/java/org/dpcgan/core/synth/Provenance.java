package org.dpcgan.core.synth;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a trained model came from.
 *
 * @param algorithm the training algorithm ({@code "ctgan"})
 * @param libraryVersion the dpcgan version that trained it ({@code "dev"} outside a packaged jar)
 * @param seed the seed every random stream of the fit was derived from
 * @param config the network and training settings
 * @param conditioning single or pair conditions
 * @param rows training rows
 * @param columns training columns
 * @param fitSeconds wall time of {@code fit}
 * @param startedAt when {@code fit} started
 * @param finishedAt when {@code fit} finished
 */
public record Provenance(
    String algorithm,
    String libraryVersion,
    long seed,
    TrainingSettings config,
    Conditioning conditioning,
    int rows,
    int columns,
    double fitSeconds,
    Instant startedAt,
    Instant finishedAt) {

  public Provenance {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(libraryVersion, "libraryVersion");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(conditioning, "conditioning");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  @Override
  public String toString() {
    return String.format("Provenance[%s %s, seed=%d, epochs=%d, %s, rows=%d, columns=%d, %.1f s, %s]", algorithm,
        libraryVersion, seed, config.epochs(), conditioning.name().toLowerCase(java.util.Locale.ROOT), rows, columns,
        fitSeconds, finishedAt);
  }
}
