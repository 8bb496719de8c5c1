/**
 * What a run executes on: the ND4J backend, the BLAS and its kernels, the CPU and the threads
 * ({@link org.dpcgan.core.exec.ComputeEnvironment}), so that every figure can say which machine gave it.
 */
package org.dpcgan.core.exec;
