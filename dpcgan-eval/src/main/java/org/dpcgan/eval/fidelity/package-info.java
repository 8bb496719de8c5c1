/**
 * The fidelity part of an {@link org.dpcgan.eval.EvaluationReport}, with SDMetrics-compatible definitions: per
 * column KSComplement or TVComplement, per pair CorrelationSimilarity or ContingencySimilarity, and the quality
 * scores ({@link org.dpcgan.eval.fidelity.FidelityReport}).
 */
package org.dpcgan.eval.fidelity;
