/**
 * Privacy events and accounting.
 *
 * <p>{@link org.dpcgan.privacy.accounting.DpEvent} is an algebra of mechanisms (Gaussian, Poisson-sampled,
 * self-composed, composed) as in Google's {@code dp_accounting}; a
 * {@link org.dpcgan.privacy.accounting.PrivacyAccountant} folds events and converts the result to
 * (ε, δ). {@link org.dpcgan.privacy.accounting.PldAccountant} composes privacy loss distributions
 * (pessimistic "connect the dots" discretisation, FFT composition; tight to 0.1 %);
 * {@link org.dpcgan.privacy.accounting.RdpAccountant} implements the Rényi DP of the Poisson-subsampled
 * Gaussian (Mironov, Talwar, Zhang 2019) with the conversion of Balle et al. (2020), a looser bound;
 * {@link org.dpcgan.privacy.accounting.Accountants} names them ({@code "pld"}, {@code "rdp"}).
 * {@link org.dpcgan.privacy.accounting.NoiseCalibration} solves for the noise multiplier or the number of steps
 * with either.
 *
 * <p>Notation: q sampling probability, σ noise multiplier (noise standard deviation divided by the L2
 * sensitivity), α Rényi order, T number of steps, h the grid interval of a discrete privacy loss distribution.
 */
package org.dpcgan.privacy.accounting;
