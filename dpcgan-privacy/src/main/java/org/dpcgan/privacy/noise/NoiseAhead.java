package org.dpcgan.privacy.noise;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Standard-normal values from a {@link GaussianNoise} drawn one request ahead on a background thread: each
 * request returns the values drawn while the caller was busy (when the length matches) and starts drawing
 * the next request's values. In DP-SGD the noise of a step does not depend on the gradients, so the next
 * step's noise can be drawn while the current step computes; on a machine with a spare core the noise then
 * costs the training almost no wall time.
 *
 * <p>The values are the same stream of draws the source would give to the same sequence of requests made
 * directly, as long as consecutive requests have the same length (a request of another length discards the
 * values drawn ahead and draws anew). Only the background thread touches the source after construction.
 * Close it to stop the thread (a daemon thread, so an unclosed instance does not keep the JVM alive).
 */
public final class NoiseAhead implements AutoCloseable {
  private final GaussianNoise source;
  private final ExecutorService worker;
  private Future<double[]> ahead;
  private int aheadLength = -1;

  /** Draws from {@code source}, which must not be used by anyone else afterwards. */
  public NoiseAhead(GaussianNoise source) {
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    this.source = source;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "dpcgan-noise-ahead");
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether the source is the cryptographically secure one. */
  public boolean isSecure() {
    return source.isSecure();
  }

  /** {@code n} independent N(0, 1) values; starts drawing the next {@code n} in the background. */
  public synchronized double[] standard(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0. Provided value: " + n);
    }
    if (worker.isShutdown()) {
      throw new IllegalStateException("this NoiseAhead is closed");
    }
    double[] values;
    if (ahead != null && aheadLength == n) {
      values = await(ahead);
    } else {
      if (ahead != null) {
        await(ahead); // discarded: drawn for a request of another length
      }
      values = await(worker.submit(() -> draw(n)));
    }
    ahead = worker.submit(() -> draw(n));
    aheadLength = n;
    return values;
  }

  private double[] draw(int n) {
    double[] out = new double[n];
    source.fill(out, 0, n, 1.0);
    return out;
  }

  private static double[] await(Future<double[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Gaussian noise", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("drawing Gaussian noise failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops the background thread; later requests fail. */
  @Override
  public synchronized void close() {
    worker.shutdownNow();
  }

  @Override
  public String toString() {
    return "NoiseAhead[" + source + "]";
  }
}
