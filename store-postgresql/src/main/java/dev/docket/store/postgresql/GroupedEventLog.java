package dev.docket.store.postgresql;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The event log with group commit of appends: concurrent appends on this node go into one
 * transaction, so many PutEvents share one commit (one WAL flush) instead of queueing one commit at
 * a time behind the bus's counter row.
 *
 * <p>Why: an append locks its bus's counter row until it commits (that is what keeps one bus's
 * events committed in sequence order, design note 0006), so appends to one bus run one commit after
 * another, at most one per fsync whatever the number of nodes and connections (the cluster
 * benchmark measured 130–190 appends/s per bus, backends waiting on the WAL flush and on the row).
 * Batching them restores what SQLite's single writer does: the throughput of a bus becomes a whole
 * batch per fsync.
 *
 * <p>How: callers queue their events and wait; one virtual thread takes everything queued (up to
 * {@link #MAX_EVENTS} events), appends it in one {@link PostgresEventLogStore#append} (so every
 * caller's events keep their order and get increasing sequences), and answers each caller with its
 * own sequences, or its failure. An idle log adds only a thread hand-off to an append. Everything
 * else goes straight to the log. Thread-safe.
 */
final class GroupedEventLog implements EventLogStore, AutoCloseable {

  /** The most events one transaction appends (a PutEvents carries up to 10). */
  static final int MAX_EVENTS = 2_000;

  private record Pending(List<NewEvent> events, CompletableFuture<List<Long>> answer) {}

  private final PostgresEventLogStore log;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread appender;
  private volatile boolean closed;

  GroupedEventLog(PostgresEventLogStore log) {
    this.log = Objects.requireNonNull(log, "log");
    this.appender = Thread.ofVirtual().name("docket-pg-appends").start(this::run);
  }

  @Override
  public List<Long> append(List<NewEvent> events) {
    List<NewEvent> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return List.of();
    }
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
    Pending pending = new Pending(copy, new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.answer().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (!closed) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      int events = batch.getFirst().events().size();
      Pending next;
      while (events < MAX_EVENTS && (next = queue.poll()) != null) {
        batch.add(next);
        events += next.events().size();
      }
      appendAll(batch, events);
      batch.clear();
    }
    // closing: nobody will take what is left
    Pending left;
    while ((left = queue.poll()) != null) {
      left.answer().completeExceptionally(new IllegalStateException("the store is closed"));
    }
  }

  private void appendAll(List<Pending> batch, int events) {
    List<NewEvent> all = new ArrayList<>(events);
    batch.forEach(pending -> all.addAll(pending.events()));
    List<Long> sequences;
    try {
      sequences = log.append(all);
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.answer().completeExceptionally(e));
      return;
    } catch (Error e) {
      batch.forEach(pending -> pending.answer().completeExceptionally(e));
      throw e;
    }
    int from = 0;
    for (Pending pending : batch) {
      int to = from + pending.events().size();
      pending.answer().complete(List.copyOf(sequences.subList(from, to)));
      from = to;
    }
  }

  /** The log's partitions (for tests). */
  EventPartitions partitions() {
    return log.partitions();
  }

  @Override
  public List<LoggedEvent> read(String bus, long after, int limit) {
    return log.read(bus, after, limit);
  }

  @Override
  public long cursor(String consumer) {
    return log.cursor(consumer);
  }

  @Override
  public void advance(String consumer, long sequence) {
    log.advance(consumer, sequence);
  }

  @Override
  public boolean advance(String consumer, long sequence, Lease fence) {
    return log.advance(consumer, sequence, fence);
  }

  @Override
  public void forget(String consumer) {
    log.forget(consumer);
  }

  @Override
  public int trim(String bus, long through) {
    return log.trim(bus, through);
  }

  /** Stops the appender; appends waiting or made later fail. */
  @Override
  public void close() {
    closed = true;
    appender.interrupt();
    try {
      appender.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
