package org.dpcgan.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ChunkWorkersTest {
  @Test
  void everyChunkRunsOnce_onTheWorkersThreads_acrossSeveralRuns() {
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    try (ChunkWorkers workers = ChunkWorkers.start(3)) {
      for (int round = 0; round < 4; round++) {
        AtomicIntegerArray calls = new AtomicIntegerArray(50);
        workers.run(50, c -> {
          calls.incrementAndGet(c);
          threadNames.add(Thread.currentThread().getName());
        });
        for (int c = 0; c < 50; c++) {
          assertThat(calls.get(c)).as("chunk %d in round %d", c, round).isEqualTo(1);
        }
      }
    }
    assertThat(threadNames).containsOnly("dpcgan-sample");
  }

  @Test
  void oneThread_runsTheChunksInOrderOnTheCallersThread() {
    StringBuilder order = new StringBuilder();
    String caller = Thread.currentThread().getName();
    ChunkWorkers.run(5, 1, c -> {
      assertThat(Thread.currentThread().getName()).isEqualTo(caller);
      order.append(c);
    });
    assertThat(order).hasToString("01234");
  }

  @Test
  void aFailingChunk_isRethrownToTheCaller() {
    assertThatThrownBy(() -> ChunkWorkers.run(20, 2, c -> {
      if (c == 7) {
        throw new IllegalStateException("chunk 7 failed");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 7 failed");
  }
}
