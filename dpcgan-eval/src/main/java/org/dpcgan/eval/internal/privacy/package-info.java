/**
 * Internal: the three re-identification risks of the Article 29 Working Party (Opinion 05/2014 on Anonymisation
 * Techniques, WP216): singling out, linkability and inference, each measured as an attack that uses only the
 * synthetic table.
 *
 * <p>The framework follows Giomi et al. 2023 ("A Unified Framework for Quantifying Privacy Risk in Synthetic
 * Data", PoPETs 2023(2)): each attack is run against rows of the training table (the main attack) and against
 * rows of a real holdout the generator never saw (the control attack), and compared with a naive baseline that
 * ignores the synthetic data's content. The risk is {@code (attack rate − control rate) / (1 − control rate)}:
 * what the synthetic data reveals about its own training rows beyond what it reveals about anybody from the
 * same population. Rates get Wilson score intervals (Wilson 1927); the risk interval combines them
 * conservatively (see {@link org.dpcgan.eval.privacy.RiskEstimate}). The attacks are written from these
 * definitions, not from another implementation's code.
 */
package org.dpcgan.eval.internal.privacy;
