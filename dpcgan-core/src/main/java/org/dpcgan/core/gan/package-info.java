/**
 * The conditional tabular GAN (Xu et al. 2019, CTGAN; pair conditioning from DP-CGAN): the residual
 * {@link org.dpcgan.core.gan.Generator}, the packed {@link org.dpcgan.core.gan.Discriminator} and the
 * WGAN-GP trainer (Gulrajani et al. 2017) with training-by-sampling.
 *
 * <p>Shapes use the letters of {@code org.dpcgan.core.nn}: B batch rows, P = B / pac packs, F encoded width,
 * K condition width, Z latent width.
 */
package org.dpcgan.core.gan;
