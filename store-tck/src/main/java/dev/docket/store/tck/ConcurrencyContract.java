package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.QueueRecord;
import dev.docket.store.SendResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many threads at once: every send is stored once under its own sequence. */
public abstract class ConcurrencyContract extends StoreContract {

  private static final int THREADS = 16;
  private static final int SENDS_PER_THREAD = 25;

  @Test
  void concurrentSendersAllGetDistinctDurableSequences() throws Exception {
    QueueRecord queue = createQueue("orders");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<Long> sequences = new ArrayList<>();
                  for (int i = 0; i < SENDS_PER_THREAD; i++) {
                    SendResult result =
                        queues().send(queue.id(), List.of(message(thread + "-" + i))).getFirst();
                    sequences.add(result.sequence());
                  }
                  return sequences;
                }));
      }
      start.countDown();
    }

    Set<Long> sequences = new HashSet<>();
    for (Future<List<Long>> future : futures) {
      List<Long> ofThread = future.get();
      assertThat(ofThread).isSorted();
      sequences.addAll(ofThread);
    }
    assertThat(sequences).hasSize(THREADS * SENDS_PER_THREAD);
    assertThat(queues().stats(queue.id(), T0, Instant.EPOCH).visible())
        .isEqualTo(THREADS * SENDS_PER_THREAD);
  }

  @Test
  void concurrentReceiversNeverClaimTheSameMessageTwice() throws Exception {
    QueueRecord queue = createQueue("orders");
    for (int i = 0; i < 20; i++) {
      queues().send(queue.id(), List.of(message("a" + i), message("b" + i), message("c" + i)));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<Long> claimed = new ArrayList<>();
                  for (int i = 0; i < 5; i++) {
                    receive(queue, T0, 3).messages().forEach(m -> claimed.add(m.sequence()));
                  }
                  return claimed;
                }));
      }
      start.countDown();
    }

    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> future : futures) {
      all.addAll(future.get());
    }
    assertThat(all).doesNotHaveDuplicates().hasSize(60);
  }
}
