/**
 * Internal: explicit, named, reproducible random streams.
 *
 * <p>One {@link org.dpcgan.core.internal.random.RandomStreams} is created from a seed; every consumer (weight
 * initialisation, batch sampling, conditions, dropout, Gumbel noise, ...) asks it for a stream by name. Streams
 * never touch ND4J's global random generator, so the same seed gives the same numbers regardless of what else
 * runs in the JVM. These streams are for training randomness only: differential-privacy noise comes from the
 * secure source in {@code dpcgan-privacy}.
 */
package org.dpcgan.core.internal.random;
