/**
 * The public facade: {@link org.dpcgan.core.synth.Synthesizer} is a reusable, validated configuration whose
 * {@code fit(Table)} returns an immutable {@link org.dpcgan.core.synth.TrainedSynthesizer} that samples
 * synthetic tables (unconditionally or under {@link org.dpcgan.core.synth.Condition}s), reports its
 * provenance and privacy guarantee, and saves itself to a versioned, checksummed model file. The model keeps
 * no training rows: only the transformer's column models, condition counts and generator weights.
 */
package org.dpcgan.core.synth;
