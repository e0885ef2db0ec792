package dev.docket.queues;

import dev.docket.delivery.Announcer;
import dev.docket.delivery.Node;
import dev.docket.store.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups for long polls: whatever makes messages visible on a queue signals it, and receives
 * waiting on that queue try again at once. A waiter first reads the queue's generation, then asks
 * the store, then waits only while the generation is unchanged, so a signal between the two is
 * never missed.
 *
 * <p>On a store other nodes share (design note 0006, "Wake-ups"), a receive waiting here must also
 * wake for messages sent through another node: every signal is also told to the other nodes on the
 * channel {@value #CHANNEL} (payload: queue ids separated by commas, or {@code *} for every queue),
 * and what they tell wakes the waiters here. A notification costs a database round trip, so it is
 * made off the signalling request's thread and coalesced ({@link Announcer}). Notifications are
 * hints that can be lost, and a message also becomes visible when another node's receipt times out
 * without any signal, so a waiter on a shared store never sleeps longer than {@link
 * Node#POLL_FLOOR} before it asks the store again ({@link #slice}). On a single node nothing of
 * this exists: no thread, no notification, no extra polling.
 *
 * <p>Thread-safe.
 */
final class LongPolls {

  /** The channel on which nodes tell each other that messages became visible. */
  static final String CHANNEL = "queues";

  private static final Logger LOG = LoggerFactory.getLogger(LongPolls.class);

  private final Map<Long, Signal> signals = new ConcurrentHashMap<>();
  private final Node node;
  private final Announcer announcer;
  private final Notifier.Subscription subscription;
  private volatile boolean closed;

  /** Wake-ups on a single node. */
  LongPolls() {
    this(Node.alone(Clock.systemUTC()));
  }

  /**
   * Wake-ups on {@code node}: when it shares its store, told to and heard from the other nodes.
   *
   * @param node this node (on a single node nothing is told, heard or started)
   */
  LongPolls(Node node) {
    this.node = node;
    subscription = node.listenToOthers(CHANNEL, this::heard);
    announcer = new Announcer(node, CHANNEL, "");
  }

  /** The current generation of a queue's signal; pass it to {@link #await}. */
  long generation(long queueId) {
    return signalOf(queueId).generation();
  }

  /**
   * The longest a waiting receive may sleep before it asks the store again: {@code configured}, or
   * {@link Node#POLL_FLOOR} if shorter on a shared store.
   */
  Duration slice(Duration configured) {
    return node.shared() && configured.compareTo(Node.POLL_FLOOR) > 0
        ? Node.POLL_FLOOR
        : configured;
  }

  /** Wakes every receive waiting on the queue, here and on the other nodes. */
  void signal(long queueId) {
    wake(queueId);
    announcer.announce(Long.toString(queueId));
  }

  /** Wakes every waiting receive, here and on the other nodes (after a redrive). */
  void signalAll() {
    wakeAll();
    announcer.announceAll();
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

  /** Releases every waiter for good and stops telling the other nodes. */
  void close() {
    closed = true;
    wakeAll();
    subscription.close();
    announcer.close();
  }

  /** Forgets a deleted queue, releasing its waiters. */
  void forget(long queueId) {
    Signal signal = signals.remove(queueId);
    if (signal != null) {
      signal.bump();
    }
  }

  /** Wakes the receives waiting here on the queue. */
  private void wake(long queueId) {
    Signal signal = signals.get(queueId);
    if (signal != null) {
      signal.bump();
    }
  }

  private void wakeAll() {
    signals.values().forEach(Signal::bump);
  }

  /** What another node told: wakes the waiters here on the queues it names. */
  private void heard(String payload) {
    Announcer.keys(
        payload,
        key -> {
          if (key.equals(Announcer.ALL)) {
            wakeAll();
            return;
          }
          try {
            wake(Long.parseLong(key));
          } catch (NumberFormatException e) {
            LOG.debug("ignoring wake-up {} on {}", payload, CHANNEL);
          }
        });
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
