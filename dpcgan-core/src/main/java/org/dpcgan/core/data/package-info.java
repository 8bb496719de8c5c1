/**
 * Tables and their schemas, public API: {@link org.dpcgan.core.data.Tables} reads and writes CSV / CSV.gz into
 * tablesaw {@code Table}s strictly (ragged rows, bad quoting and unparsable cells are errors naming the file, line,
 * row and column) and splits them; {@link org.dpcgan.core.data.Schema} declares each column's
 * {@link org.dpcgan.core.data.ColumnKind} and its public bounds and levels (from a sidecar, in code, or inferred);
 * {@link org.dpcgan.core.data.AtomicFiles} and {@link org.dpcgan.core.data.InputFiles} write atomically and open
 * inputs with clear errors. How a table becomes the networks' numbers lives in {@code internal.transform}.
 */
package org.dpcgan.core.data;
