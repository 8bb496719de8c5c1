/**
 * Elementary functions over float arrays, written so that the JIT vectorises their loops
 * ({@link org.dpcgan.core.math.FloatMath}), for the generator's heads and the latent noise. Internal to dpcgan:
 * public only for its other packages.
 */
package org.dpcgan.core.math;
