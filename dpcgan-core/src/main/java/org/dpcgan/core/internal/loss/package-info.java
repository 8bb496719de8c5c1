/**
 * Internal: losses of the conditional WGAN-GP with hand-written gradients: the Wasserstein critic and generator losses,
 * the gradient penalty with its second-order ("double backward") path, and CTGAN's conditional cross-entropy.
 *
 * <p>Each loss is a mean over examples (rows or packs). Gradients in the results are gradients of that mean.
 * Per-example quantities follow the convention of {@link org.dpcgan.core.internal.nn}: the per-example loss ℓ_i is the
 * un-averaged loss of example i, so per-example gradients sum to {@code B ×} the batch gradient.
 */
package org.dpcgan.core.internal.loss;
