package org.dpcgan.core.internal.gan;

import java.util.Objects;
import java.util.Optional;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.TrainingRows;

/**
 * One training run for {@link GanTrainer#train}: the encoded rows, their layout and the run's random streams, plus
 * what a run may or may not have.
 *
 * @param layout the transformer's layout of {@code data}
 * @param data the encoded training rows, held compactly (row i is table row i)
 * @param streams the streams the run derives its randomness from
 * @param rowConditions the sampler over the training rows' own categories ({@link ConditionalSampler#fromTable});
 *     empty for a table without discrete columns (the networks are then unconditional)
 * @param privacy differentially private critic steps; empty for a non-private training
 * @param resumeFrom the state to continue from (copied: it is left unchanged); empty for fresh networks
 * @param listener receives each epoch's statistics as training goes
 */
public record TrainingRequest(Layout layout, TrainingRows data, RandomStreams streams,
    Optional<ConditionalSampler> rowConditions, Optional<DpTraining> privacy,
    Optional<GanTrainer.TrainingState> resumeFrom, GanTrainer.Listener listener) {

  public TrainingRequest {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(rowConditions, "rowConditions");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(resumeFrom, "resumeFrom");
    Objects.requireNonNull(listener, "listener");
  }

  /** A fresh, non-private, unconditional run of {@code data} that reports to no one. */
  public static TrainingRequest of(Layout layout, TrainingRows data, RandomStreams streams) {
    return new TrainingRequest(layout, data, streams, Optional.empty(), Optional.empty(), Optional.empty(),
        stats -> { });
  }

  /** This run with conditions sampled from the training rows. */
  public TrainingRequest withRowConditions(ConditionalSampler sampler) {
    return new TrainingRequest(layout, data, streams, Optional.of(sampler), privacy, resumeFrom, listener);
  }

  /** This run with differentially private critic steps. */
  public TrainingRequest withPrivacy(DpTraining dp) {
    return new TrainingRequest(layout, data, streams, rowConditions, Optional.of(dp), resumeFrom, listener);
  }

  /** This run continuing from {@code state}. */
  public TrainingRequest resumingFrom(GanTrainer.TrainingState state) {
    return new TrainingRequest(layout, data, streams, rowConditions, privacy, Optional.of(state), listener);
  }

  /** This run reporting each epoch to {@code value}. */
  public TrainingRequest withListener(GanTrainer.Listener value) {
    return new TrainingRequest(layout, data, streams, rowConditions, privacy, resumeFrom, value);
  }

  @Override
  public String toString() {
    return "TrainingRequest[rows=" + data.rows() + ", width=" + data.width()
        + (rowConditions.isPresent() ? ", conditioned" : "") + privacy.map(p -> ", " + p).orElse("")
        + (resumeFrom.isPresent() ? ", resumed" : "") + "]";
  }
}
