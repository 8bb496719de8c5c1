/**
 * Tables, schemas and the data transformer: how a real table becomes the network's numbers and back
 * (DESIGN.md §3–§4).
 *
 * <ul>
 *   <li>{@link org.dpcgan.core.data.Tables} reads and writes CSV / CSV.gz into tablesaw {@code Table}s,
 *       strictly (ragged rows, bad quoting and unparsable cells are errors that name the line, row and
 *       column) and splits them into train and holdout.
 *   <li>{@link org.dpcgan.core.data.Schema} declares each column's {@link org.dpcgan.core.data.ColumnKind};
 *       it is read from a sidecar file, built in code, or inferred.
 *   <li>{@link org.dpcgan.core.data.DataTransformer} encodes rows into a row-major float matrix
 *       (mode-specific normalisation with a {@link org.dpcgan.core.data.Vbgmm} for numeric columns,
 *       one-hot for discrete ones) and decodes generator output back into a table. Its
 *       {@link org.dpcgan.core.data.Layout} is what the generator heads consume.
 *   <li>{@link org.dpcgan.core.data.ConditionalSampler} draws condition vectors and matching rows
 *       (training-by-sampling, single-column or pair conditioning).
 *   <li>{@link org.dpcgan.core.data.DpMetadata} estimates, for a DP fit, the transformer and the sampler's
 *       frequencies from Gaussian-noised histograms (DESIGN.md §4.1), so nothing else reads the table
 *       before DP training.
 * </ul>
 *
 * <p>Matrices here are plain row-major {@code float[]} / {@code double[]} arrays: B rows times F features,
 * element {@code (b, f)} at {@code b * F + f}. Nothing in this package uses ND4J.
 */
package org.dpcgan.core.data;
