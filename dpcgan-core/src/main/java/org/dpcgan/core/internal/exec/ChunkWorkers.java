package org.dpcgan.core.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the chunks {@code 0 … count − 1} of a sampling call (generator passes, decoded columns) on a few threads
 * of its own. Each chunk must write only its own part of the output and draw only from streams derived from its
 * index, so the result does not depend on which thread ran which chunk. The threads live until {@link #close}
 * (for one call with {@link #run(int, int, IntConsumer)}), so a caller that runs many small batches of chunks
 * keeps its threads and their ND4J workspaces; each thread frees its workspaces when it ends.
 */
public final class ChunkWorkers implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  private ChunkWorkers(int threads) {
    this.threads = threads;
    this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, task -> {
      Thread t = new Thread(() -> {
        try {
          task.run();
        } finally {
          Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
      }, "dpcgan-sample");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The default number of sampling threads: as many as fit on the machine ({@link SecondThread#threadsThatFit},
   * the processors divided by ND4J's OpenMP threads, since each sampling thread runs ND4J ops), at least one.
   */
  public static int defaultThreads() {
    return SecondThread.threadsThatFit();
  }

  /** Workers on {@code threads} threads (none of their own for one: chunks then run on the caller's thread). */
  public static ChunkWorkers start(int threads) {
    return new ChunkWorkers(threads);
  }

  /** {@link #run(int, IntConsumer)} on {@code min(threads, count)} threads started for this call. */
  public static void run(int count, int threads, IntConsumer chunk) {
    try (ChunkWorkers workers = start(Math.min(threads, count))) {
      workers.run(count, chunk);
    }
  }

  /**
   * Calls {@code chunk} for every index in {@code [0, count)}, on up to {@code min(threads, count)} of these
   * threads (the caller's own thread if that is one), and returns when all are done. The first failure stops the
   * handing out of further chunks and is rethrown.
   */
  public void run(int count, IntConsumer chunk) {
    int workers = Math.min(threads, count);
    if (workers <= 1) {
      for (int c = 0; c < count; c++) {
        chunk.accept(c);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      running.add(pool.submit(() -> {
        try {
          for (int c = next.getAndIncrement(); c < count; c = next.getAndIncrement()) {
            chunk.accept(c);
          }
        } catch (RuntimeException | Error e) {
          next.set(count);
          throw e;
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("a sampling thread failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    }
  }

  /** Ends the threads; each frees its ND4J workspaces as it ends. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
