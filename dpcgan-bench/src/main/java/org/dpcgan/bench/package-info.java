/**
 * JMH benchmarks for dpcgan, built into {@code dpcgan-bench/target/benchmarks.jar}.
 *
 * <p>Run with {@code java -jar dpcgan-bench/target/benchmarks.jar NAME -f 1}. Each benchmark's
 * {@code @Setup} checks the timed code against a reference before anything is timed. Figures and the
 * commands that produced them are in {@code docs/benchmarks.md}.
 */
package org.dpcgan.bench;
