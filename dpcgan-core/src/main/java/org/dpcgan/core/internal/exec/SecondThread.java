package org.dpcgan.core.internal.exec;

import java.util.concurrent.locks.LockSupport;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A second thread for the work of the thread that opens it: the trainer opens one for a fit and passes it to the
 * networks, the gradient penalty and the optimiser steps it builds. Given one, {@link Matmul#product} and
 * {@link Matmul#addProduct} cut each product of at least {@link #MIN_FLOP} into two blocks of the output (by
 * columns when it has at least as many columns as rows, otherwise by rows) and run one block here while the
 * opening thread computes the other; host loops over rows or elements (the output heads, Adam) do
 * the same through {@link #halves}. With {@code OMP_NUM_THREADS=1} (as {@code ./dpcgan} sets) a training
 * step would otherwise leave the second core idle; ND4J's element-wise ops stay on the opening thread.
 *
 * <p>The split depends only on the sizes, never on timing, so a seeded fit repeats exactly; a block can round
 * differently from the whole product in the last bits, so a fit with a helper and one without may differ there.
 * Work is handed over only from the opening thread while the scope is open: anything built with a helper that is
 * used later, or from another thread (a model's generator sampling), runs whole on its caller's thread. Between
 * tasks the helper yields the core for up to {@link #SPIN_NANOS} and then parks.
 */
public final class SecondThread implements AutoCloseable {
  /** Products below this many FLOP (2·m·n·k) run whole: handing half over costs a few microseconds. */
  public static final double MIN_FLOP = 2e6;
  /** How long the helper waits for the next task before it parks. */
  static final long SPIN_NANOS = 2_000_000;

  private final Thread owner;
  private final Thread helper;
  private volatile Runnable task;
  private volatile boolean finished = true;
  private volatile boolean closed;
  private volatile Throwable failure;
  /** True while {@link #run} waits on the helper (read and written by the owner only). */
  private boolean busy;

  private SecondThread(boolean withHelper) {
    this.owner = Thread.currentThread();
    if (withHelper) {
      helper = new Thread(this::serve, "dpcgan-second-thread");
      helper.setDaemon(true);
      helper.start();
    } else {
      helper = null;
    }
  }

  /**
   * With {@code helper}, a helper thread for the calling thread, whether or not this machine has a core for it
   * ({@link #worthwhile}); without, {@link #none()}. Close it on the same thread.
   */
  public static SecondThread open(boolean helper) {
    return new SecondThread(helper);
  }

  /** No helper: everything runs whole on the caller's thread. */
  public static SecondThread none() {
    return new SecondThread(false);
  }

  /**
   * How many threads that run ND4J ops fit on this machine at once: the available processors divided by ND4J's
   * OpenMP threads (each such thread's ops use that many), at least one. With {@code OMP_NUM_THREADS=1}, as the
   * {@code dpcgan} launcher sets, that is one per processor.
   */
  public static int threadsThatFit() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, Nd4j.getEnvironment().maxThreads()));
  }

  /** True when a second thread has a core to run on: {@link #threadsThatFit} is at least two. */
  public static boolean worthwhile() {
    return threadsThatFit() >= 2;
  }

  /** True when work can be handed over now: a helper, open, asked from the thread that opened it. */
  boolean available() {
    return helper != null && !closed && Thread.currentThread() == owner;
  }

  /** The body of a loop over the index range {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [0, count)}: with the helper {@link #available} and at least {@code minCount}
   * indices, {@code [0, count/2)} here and the rest on the helper at once; otherwise in one call here. The body
   * must write only what belongs to its own range.
   */
  public void halves(int count, int minCount, Range body) {
    if (count < Math.max(2, minCount) || !available()) {
      body.run(0, count);
      return;
    }
    int h = count / 2;
    run(() -> body.run(0, h), () -> body.run(h, count));
  }

  /**
   * Runs {@code theirs} on the helper and {@code mine} here; returns when both are done. A call from inside
   * {@code mine} (the helper is busy) runs both here, one after the other.
   */
  void run(Runnable mine, Runnable theirs) {
    if (busy) {
      mine.run();
      theirs.run();
      return;
    }
    busy = true;
    finished = false;
    task = theirs;
    LockSupport.unpark(helper);
    try {
      mine.run();
    } finally {
      while (!finished) {
        Thread.yield();   // not a busy spin: with more threads than cores (two fits at once) it starves the helper
      }
      busy = false;
    }
    Throwable t = failure;
    if (t != null) {
      failure = null;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException("the second thread's half failed", t);
    }
  }

  private void serve() {
    while (!closed) {
      Runnable t = task;
      if (t == null) {
        long idleSince = System.nanoTime();
        while (task == null && !closed && System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.yield();   // lets other runnable threads (ND4J, the noise's fork-join workers) have the core
        }
        if (task == null && !closed) {
          LockSupport.park(this);
        }
        continue;
      }
      task = null;
      try {
        t.run();
      } catch (Throwable e) {
        failure = e;
      }
      finished = true;
    }
  }

  /** Ends the helper, if this scope started one; later work runs whole on its caller's thread. */
  @Override
  public void close() {
    if (helper == null) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("SecondThread must be closed by the thread that opened it");
    }
    closed = true;
    LockSupport.unpark(helper);
  }
}
