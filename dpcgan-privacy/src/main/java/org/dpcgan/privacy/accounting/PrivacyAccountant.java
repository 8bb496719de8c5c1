package org.dpcgan.privacy.accounting;

/**
 * Folds {@link DpEvent}s and converts their composition to (ε, δ). Implementations are immutable:
 * {@link #compose} returns a new accountant.
 */
public interface PrivacyAccountant {

  /** The accountant after also spending {@code event}. */
  PrivacyAccountant compose(DpEvent event);

  /**
   * The smallest ε this accountant can certify for the given δ in [0, 1), with the Rényi order that gives it
   * (NaN where none applies).
   */
  EpsilonDelta epsilon(double delta);

  /** The smallest δ this accountant can certify for the given ε &ge; 0, with the order that gives it (or NaN). */
  EpsilonDelta delta(double epsilon);

  /** A short name for reports: {@code "pld"} or {@code "rdp"} (see {@link Accountants}). */
  String name();
}
