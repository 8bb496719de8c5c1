/**
 * Internal: hand-written neural-network layers with explicit forward and backward passes over ND4J arrays.
 *
 * <p><b>Dimension letters</b> used in every shape comment and message of this module:
 * <ul>
 *   <li><b>B</b> batch (rows of a mini-batch),</li>
 *   <li><b>F</b> features (width of an encoded data row),</li>
 *   <li><b>H</b> hidden width,</li>
 *   <li><b>Z</b> latent (noise) width,</li>
 *   <li><b>K</b> condition-vector width,</li>
 *   <li><b>P</b> pack size (rows of the data concatenated into one critic input, CTGAN's {@code pac}).</li>
 * </ul>
 *
 * <p><b>Conventions.</b> Activations are row-major {@code [B, width]} matrices; a {@link org.dpcgan.core.internal.nn.Linear}
 * computes {@code y = xW + b} with {@code W [in, out]}. Every layer is built with an explicit
 * {@link org.nd4j.linalg.api.buffer.DataType} (FLOAT for training, DOUBLE for gradient checks) and rejects inputs
 * of another dtype. {@link org.dpcgan.core.internal.nn.Layer#forward} returns the output and a layer-specific
 * {@link org.dpcgan.core.internal.nn.Cache}; {@link org.dpcgan.core.internal.nn.Layer#backward} consumes that cache and returns
 * the input gradient and the parameter gradients, aligned with {@link org.dpcgan.core.internal.nn.Layer#parameters()}.
 * Randomness (dropout masks, Gumbel noise) comes only from the {@link org.dpcgan.core.internal.random.RandomStream}
 * passed to {@code forward}.
 *
 * <p><b>Per-example gradients</b> ({@link org.dpcgan.core.internal.nn.Sequential#backwardPerExample}) follow one
 * convention: the output gradient passed in is the gradient of the <em>un-averaged</em> per-example loss
 * ℓ_i (the batch loss is {@code L = (1/B) Σ ℓ_i}), so per-example gradients sum to {@code B × ∇L}.
 */
package org.dpcgan.core.internal.nn;
