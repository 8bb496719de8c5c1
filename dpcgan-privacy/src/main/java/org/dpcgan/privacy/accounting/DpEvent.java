package org.dpcgan.privacy.accounting;

import java.util.List;

/**
 * A differentially private mechanism that read the protected data, as an algebra that an accountant folds
 * over (the event model of Google's {@code dp_accounting}).
 *
 * <p>Events are immutable records that validate their arguments; {@link #toString()} is short and readable.
 */
public sealed interface DpEvent
    permits DpEvent.Gaussian, DpEvent.PoissonSampled, DpEvent.SelfComposed, DpEvent.Composed {

  /** The Gaussian mechanism with L2 sensitivity 1 and noise standard deviation {@code noiseMultiplier}. */
  static Gaussian gaussian(double noiseMultiplier) {
    return new Gaussian(noiseMultiplier);
  }

  /** {@code event} applied to a Poisson sample of the data: each record independently with probability q. */
  static PoissonSampled poissonSampled(double samplingProbability, DpEvent event) {
    return new PoissonSampled(samplingProbability, event);
  }

  /** {@code count} DP-SGD steps: the Poisson-subsampled Gaussian (q, σ), self-composed. */
  static SelfComposed dpSgd(double samplingProbability, double noiseMultiplier, long count) {
    return new SelfComposed(poissonSampled(samplingProbability, gaussian(noiseMultiplier)), count);
  }

  /** The composition of the given events, in order. */
  static Composed composed(DpEvent... events) {
    return new Composed(java.util.Arrays.asList(events));
  }

  /** This event repeated {@code count} times (adaptive composition). */
  default SelfComposed repeated(long count) {
    return new SelfComposed(this, count);
  }

  /**
   * The Gaussian mechanism on a query of L2 sensitivity 1 with noise N(0, σ²) per coordinate.
   *
   * @param noiseMultiplier σ, finite and &gt; 0
   */
  record Gaussian(double noiseMultiplier) implements DpEvent {
    public Gaussian {
      Checks.finitePositive("noiseMultiplier", noiseMultiplier);
    }

    @Override
    public String toString() {
      return "Gaussian(σ=" + noiseMultiplier + ")";
    }
  }

  /**
   * An event run on a Poisson sample: every record is included independently with probability q. q = 0
   * (nothing is ever read) is a valid event that costs nothing.
   *
   * @param samplingProbability q in [0, 1]
   * @param event the mechanism run on the sample
   */
  record PoissonSampled(double samplingProbability, DpEvent event) implements DpEvent {
    public PoissonSampled {
      if (!(samplingProbability >= 0 && samplingProbability <= 1)) {
        throw new IllegalArgumentException(
            "samplingProbability must be in [0, 1]. Provided value: " + samplingProbability);
      }
      Checks.notNull("event", event);
    }

    @Override
    public String toString() {
      return "PoissonSampled(q=" + samplingProbability + ", " + event + ")";
    }
  }

  /**
   * One event composed with itself {@code count} times.
   *
   * @param event the repeated event
   * @param count number of repetitions, &ge; 0
   */
  record SelfComposed(DpEvent event, long count) implements DpEvent {
    public SelfComposed {
      Checks.notNull("event", event);
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0. Provided value: " + count);
      }
    }

    @Override
    public String toString() {
      return count + " × " + event;
    }
  }

  /**
   * The composition of several events.
   *
   * @param events the events, none null (copied)
   */
  record Composed(List<DpEvent> events) implements DpEvent {
    public Composed {
      Checks.notNull("events", events);
      for (DpEvent e : events) {
        Checks.notNull("each of events", e);
      }
      events = List.copyOf(events);
    }

    @Override
    public String toString() {
      return "Composed" + events;
    }
  }
}
