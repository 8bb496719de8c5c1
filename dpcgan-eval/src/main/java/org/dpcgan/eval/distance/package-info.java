/**
 * The distance part of an {@link org.dpcgan.eval.EvaluationReport}: distance-to-closest-record, nearest-neighbour
 * distance ratio and exact-copy summaries ({@link org.dpcgan.eval.distance.DcrReport}) under a mixed-type (Gower)
 * distance.
 */
package org.dpcgan.eval.distance;
