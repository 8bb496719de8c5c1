/**
 * Internal: how the numbers are computed fast, kept apart from what they mean. Products straight on OpenBLAS
 * ({@link org.dpcgan.core.internal.exec.Matmul}), bulk copies between Java arrays and ND4J
 * ({@link org.dpcgan.core.internal.exec.HostArrays}), column blocks of row-major matrices
 * ({@link org.dpcgan.core.internal.exec.ColumnBlocks}), vectorisable float math
 * ({@link org.dpcgan.core.internal.exec.FloatMath}), the trainer's helper thread
 * ({@link org.dpcgan.core.internal.exec.SecondThread}, passed to what it speeds up), the sampling threads
 * ({@link org.dpcgan.core.internal.exec.ChunkWorkers}) and the per-step workspace
 * ({@link org.dpcgan.core.internal.exec.Arena}). Each fast path matches a plain reference in the tests; the
 * measurements are in docs/benchmarks.md.
 */
package org.dpcgan.core.internal.exec;
