/**
 * Internal: the three tables of an evaluation as shared column arrays
 * ({@link org.dpcgan.eval.internal.encoding.EncodedTables}: numeric values with NaN for missing, categorical codes
 * with -1 for missing) that every metric reads.
 */
package org.dpcgan.eval.internal.encoding;
