/**
 * Renderings of an {@link org.dpcgan.eval.EvaluationReport}: JSON with the keys of DESIGN.md §5, Markdown,
 * and a self-contained HTML page whose plots (real vs synthetic marginals, correlation heatmaps, a forest plot
 * per analysis, risk bars with intervals) are drawn by XChart and embedded as base64 PNG images.
 */
package org.dpcgan.eval.report;
