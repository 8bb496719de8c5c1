/**
 * Gaussian noise for DP mechanisms from a cryptographically secure stream (AES-256-CTR keyed from
 * {@link java.security.SecureRandom}), with a sampler that resists the known floating-point attacks. A
 * seeded, reproducible source exists only through the explicitly named, logged factory
 * {@link org.dpcgan.privacy.noise.GaussianNoise#insecureSeeded(long)}.
 */
package org.dpcgan.privacy.noise;
