package dev.docket.delivery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Tells the other nodes sharing the store which keys (queues, buses) have new work, off the
 * announcing request's thread and coalesced: {@link #announce} only adds the key to a pending set,
 * and one virtual thread drains the set into as few notifications as fit ({@code <prefix><key>,
 * <key>,...} on the channel), so a key announced again before its notification went out is told
 * once. A notification costs a database round trip (about 90 µs on PostgreSQL); this keeps it off
 * the latency of the call that made the work and shares it between concurrent calls.
 *
 * <p>A key is taken out of the pending set before it is told, so an announcement that finds it
 * still pending is covered by the notification about to go out, and one that comes after is told
 * again. {@link #announceAll} stands for every key ({@code <prefix>*}). Notifications are hints:
 * listeners must also poll. On a single node nothing is started and nothing is sent.
 *
 * <p>Thread-safe.
 */
public final class Announcer implements AutoCloseable {

  /** The key that stands for every key. */
  public static final String ALL = "*";

  /** Room for the keys of one notification, well under the notifier's 7,900 bytes. */
  private static final int MAX_PAYLOAD = 7_000;

  private final Node node;
  private final String channel;
  private final String prefix;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pendingAll = new AtomicBoolean();
  private final Semaphore toTell = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * An announcer on {@code channel}; its notifications are {@code prefix} followed by keys
   * separated by commas (keys must not contain commas).
   */
  public Announcer(Node node, String channel, String prefix) {
    this.node = Objects.requireNonNull(node, "node");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.thread =
        node.shared()
            ? Thread.ofVirtual().name("docket-announce-" + channel).start(this::tellOthers)
            : null;
  }

  /**
   * Splits what {@link #announce} sent (without its prefix) into keys: {@code listener} gets each,
   * or {@link #ALL} alone.
   */
  public static void keys(String payload, Consumer<String> listener) {
    for (String key : payload.split(",")) {
      if (!key.isEmpty()) {
        listener.accept(key);
      }
    }
  }

  /** Tells the other nodes, soon, that {@code key} has new work. */
  public void announce(String key) {
    if (thread != null && pending.add(key)) {
      toTell.release();
    }
  }

  /** Tells the other nodes, soon, that every key may have new work. */
  public void announceAll() {
    if (thread != null && !pendingAll.getAndSet(true)) {
      toTell.release();
    }
  }

  /** Stops telling; whatever is pending is not told. */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void tellOthers() {
    while (!closed) {
      try {
        toTell.acquire();
      } catch (InterruptedException e) {
        return;
      }
      toTell.drainPermits();
      if (pendingAll.getAndSet(false)) {
        pending.clear();
        node.notifyOthers(channel, prefix + ALL);
        continue;
      }
      List<String> payloads = new ArrayList<>(1);
      StringBuilder keys = new StringBuilder(prefix);
      for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
        String key = it.next();
        it.remove();
        if (keys.length() > MAX_PAYLOAD) {
          payloads.add(keys.toString());
          keys.setLength(0);
          keys.append(prefix);
        }
        keys.append(keys.length() == prefix.length() ? "" : ",").append(key);
      }
      if (keys.length() > prefix.length()) {
        payloads.add(keys.toString());
      }
      payloads.forEach(p -> node.notifyOthers(channel, p));
    }
  }
}
