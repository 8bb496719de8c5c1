/**
 * Per-example gradient clipping and the noisy clipped sum of DP-SGD (Abadi et al., "Deep Learning with
 * Differential Privacy", CCS 2016).
 *
 * <p>A layer's per-example gradient is given either densely, [B, …], or — for a linear layer y = x·W with
 * W of shape [in, out] — as factor pairs (A_j [B, in], Δ_j [B, out]) whose per-example gradient is
 * Σ_j a_{j,i}ᵀ δ_{j,i}. The factored form never materialises a [B, in, out] tensor: norms come from the Gram
 * identity and the clipped sum from GEMMs. Letters: B batch (examples, e.g. packs), in/out layer widths.
 */
package org.dpcgan.privacy.clipping;
