/**
 * Internal: record distances: a mixed-type (Gower) distance, a blocked nearest-neighbour search, and the
 * distance-to-closest-record (DCR), nearest-neighbour distance ratio (NNDR) and exact-copy summaries.
 *
 * <p>The distance between two rows is the mean over the chosen columns of a per-column distance in [0, 1]:
 * {@code min(1, |x − y| / range)} for numeric columns (range of the real column) and 0/1 (equal or not) for
 * categorical ones; a missing value is at distance 0 from a missing value and 1 from any value (Gower 1971,
 * "A general coefficient of similarity and some of its properties", Biometrics 27).
 */
package org.dpcgan.eval.internal.distance;
