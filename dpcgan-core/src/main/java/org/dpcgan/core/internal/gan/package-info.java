/**
 * Internal: the conditional tabular GAN (Xu et al. 2019, CTGAN; pair conditioning from DP-CGAN): the residual
 * {@link org.dpcgan.core.internal.gan.Generator}, the packed {@link org.dpcgan.core.internal.gan.Discriminator},
 * the {@link org.dpcgan.core.internal.gan.ConditionalSampler} of training-by-sampling, and the WGAN-GP
 * {@link org.dpcgan.core.internal.gan.GanTrainer} (Gulrajani et al. 2017), whose DP critic step hands per-row
 * gradients to the privacy module ({@link org.dpcgan.core.internal.gan.DpTraining}).
 *
 * <p>Shapes use the letters of {@code org.dpcgan.core.internal.nn}: B batch rows, P = B / pac packs, F encoded
 * width, K condition width, Z latent width.
 */
package org.dpcgan.core.internal.gan;
