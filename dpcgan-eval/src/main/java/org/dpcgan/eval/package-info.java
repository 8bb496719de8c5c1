/**
 * Evaluation of a synthetic table against the real table it imitates (and a real holdout the generator never
 * saw): {@link org.dpcgan.eval.Evaluator} computes fidelity, detection, pMSE, utility, the requested analyses
 * ({@code org.dpcgan.eval.analysis}), declared plausibility rules ({@code org.dpcgan.eval.rules}), distances and
 * the three privacy risks of the Article 29 Working Party, and returns an {@link org.dpcgan.eval.EvaluationReport}.
 *
 * <p>This module does not depend on {@code dpcgan-core}: it judges the output of any tool. Tables are tablesaw
 * {@code Table}s; {@link org.dpcgan.eval.EncodedTables} turns the three tables into shared column arrays
 * (numeric values with NaN for missing, categorical codes with -1 for missing) that every metric reads.
 */
package org.dpcgan.eval;
