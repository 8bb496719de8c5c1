/**
 * Shared test helpers published in dpcgan-core's test-jar: the finite-difference {@link
 * org.dpcgan.core.testing.GradientChecker}, plain double-precision reference implementations of the layers and
 * losses ({@code Reference*}), and conversions between ND4J arrays and {@code double[][]}.
 */
package org.dpcgan.core.testing;
