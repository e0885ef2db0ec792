package dev.docket.queues;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-memory wake-ups for long polls: a send on this node signals its queue, and receives waiting on
 * that queue try again at once. A waiter first reads the queue's generation, then asks the store,
 * then waits only while the generation is unchanged, so a send between the two is never missed.
 * Thread-safe.
 */
final class LongPolls {

  private final Map<Long, Signal> signals = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** The current generation of a queue's signal; pass it to {@link #await}. */
  long generation(long queueId) {
    return signalOf(queueId).generation();
  }

  /** Wakes every receive waiting on the queue. */
  void signal(long queueId) {
    Signal signal = signals.get(queueId);
    if (signal != null) {
      signal.bump();
    }
  }

  /** Wakes every waiting receive (after a redrive that may have filled any queue). */
  void signalAll() {
    signals.values().forEach(Signal::bump);
  }

  /**
   * Waits until the queue is signalled after {@code generation}, the time is up, or the service
   * closes.
   *
   * @return false when the service closed or the thread was interrupted
   */
  boolean await(long queueId, long generation, Duration atMost) {
    if (closed) {
      return false;
    }
    try {
      return signalOf(queueId).await(generation, atMost) && !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Releases every waiter for good. */
  void close() {
    closed = true;
    signalAll();
  }

  /** Forgets a deleted queue, releasing its waiters. */
  void forget(long queueId) {
    Signal signal = signals.remove(queueId);
    if (signal != null) {
      signal.bump();
    }
  }

  private Signal signalOf(long queueId) {
    return signals.computeIfAbsent(queueId, id -> new Signal());
  }

  private static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    long generation() {
      lock.lock();
      try {
        return generation;
      } finally {
        lock.unlock();
      }
    }

    void bump() {
      lock.lock();
      try {
        generation++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    boolean await(long seen, Duration atMost) throws InterruptedException {
      long nanos = atMost.toNanos();
      lock.lock();
      try {
        while (generation == seen && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }
  }
}
