package dev.docket.store;

/**
 * A durable store, opened once per server and shared by every service.
 *
 * <p>Implementations are thread-safe. Every write returns only once durable; concurrent writes may
 * be committed together (group commit), so callers should batch where the API allows it rather than
 * loop.
 *
 * <p>Any call may fail with a {@link StoreException}; with its subclass {@link
 * StoreUnavailableException} when the store's database cannot be reached for now (a store on a
 * server, such as PostgreSQL), in which case the same call succeeds again once it is back.
 */
public interface Store extends AutoCloseable {

  /** Queues and their messages. */
  QueueStore queues();

  /** Durable timers: a due-time index for anything that must happen later. */
  TimerStore timers();

  /** Versioned resource documents: buses, rules with their targets, connections, ... */
  ResourceStore resources();

  /** The per-bus event logs and their consumers' cursors. */
  EventLogStore eventLog();

  /** EventBridge archives: events kept for replay, in day segments. */
  ArchiveStore archives();

  /** State-machine executions, their histories and task tokens. */
  ExecutionStore executions();

  /** Named leases for single-owner work (routers, archivers, executions, replays). */
  LeaseStore leases();

  /** Wake-ups across the nodes sharing this store; hints, never the only signal. */
  Notifier notifier();

  /** Flushes pending writes and releases every resource; later calls fail. */
  @Override
  void close();
}
