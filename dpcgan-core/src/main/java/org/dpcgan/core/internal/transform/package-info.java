/**
 * Internal: the data transformer (DESIGN.md §3), which turns a table into the networks' numbers and back.
 * {@link org.dpcgan.core.internal.transform.DataTransformer} fits one
 * {@link org.dpcgan.core.internal.transform.ColumnModel} per column (mode-specific normalisation with a
 * {@link org.dpcgan.core.internal.transform.Vbgmm} for numeric columns, one-hot for discrete ones), encodes rows
 * into a row-major float matrix whose {@link org.dpcgan.core.internal.transform.Layout} the generator's heads
 * consume, and decodes generator output chunk by chunk ({@link org.dpcgan.core.internal.transform.Decoder}).
 * Matrices are plain row-major {@code float[]} / {@code double[]}: B rows times F features, element {@code (b, f)}
 * at {@code b * F + f}. Nothing here uses ND4J.
 */
package org.dpcgan.core.internal.transform;
