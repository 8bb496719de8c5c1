/**
 * Evaluation of a synthetic table against the real table it imitates (and a real holdout the generator never saw),
 * public API: {@link org.dpcgan.eval.Evaluator} computes fidelity, detection, pMSE, utility, the requested analyses,
 * declared plausibility rules ({@code org.dpcgan.eval.rules}), distances and the three privacy risks of the Article
 * 29 Working Party, and returns an {@link org.dpcgan.eval.EvaluationReport}, which renders itself as JSON (DESIGN.md
 * §5), Markdown or HTML. The sub-packages hold the report's parts; the computations are in {@code internal.*}.
 *
 * <p>This module does not depend on {@code dpcgan-core}: it judges the output of any tool.
 */
package org.dpcgan.eval;
